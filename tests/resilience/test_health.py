"""/sante/: every dependency reported; 503 only when the database (critical) is down."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from pages import health
from pages.tasks import heartbeat
from sync_1j1s.models import SyncIntent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}  # a browser


def details(client):
    response = client.get(reverse("health"), {"details": ""})
    return response, response.json()["checks"]


def test_a_person_reads_every_dependency_in_french(client):
    response = client.get(reverse("health"), **HTML)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr">' in content and "État du service" in content
    for label in (
        "Base de données",
        "Cache (Redis)",
        "File des tâches (Celery)",
        "Worker et planificateur",
        "Tâches différées (e-mails)",
        "Envoi à la plateforme nationale",
    ):
        assert label in content
    assert "Cache-Control" in response.headers and "no-cache" in response["Cache-Control"]


def test_monitoring_reads_the_same_in_json(client):
    heartbeat()
    response, checks = details(client)
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert set(checks) == {"database", "cache", "broker", "worker", "outbox", "national_push"}
    assert checks["database"]["ok"] and checks["cache"]["ok"] and checks["worker"]["ok"]


def test_the_worker_heartbeat_goes_stale(client):
    _, checks = details(client)
    assert checks["worker"] == {"ok": False, "detail": "aucun signe de vie enregistré"}
    cache.set(health.HEARTBEAT_KEY, time.time() - 600)
    _, checks = details(client)
    assert not checks["worker"]["ok"] and "10\xa0minutes" in checks["worker"]["detail"]
    heartbeat()
    _, checks = details(client)
    assert checks["worker"]["ok"]


def test_the_national_backlog_shows_its_size_and_age(client, settings):
    settings.NATIONAL_API_URL = "https://national.example/api"
    intent = SyncIntent.objects.create(offer_id=1, action="approve")
    _, checks = details(client)
    assert checks["national_push"]["ok"] and "1 en attente" in checks["national_push"]["detail"]
    SyncIntent.objects.filter(pk=intent.pk).update(created_at=timezone.now() - timedelta(hours=2))
    _, checks = details(client)
    assert not checks["national_push"]["ok"]
    assert "depuis 2\xa0heures" in checks["national_push"]["detail"]


def test_redis_down_degrades_but_keeps_the_process_in(client, redis_down, broker_down):
    redis_down()
    started = time.monotonic()
    response, checks = details(client)
    assert time.monotonic() - started < 3.0  # blocking calls took 6 s each
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert not checks["cache"]["ok"] and "base de données" in checks["cache"]["detail"]
    assert not checks["broker"]["ok"]
    page = client.get(reverse("health"), **HTML)
    assert page.status_code == 200 and "mode dégradé" in page.content.decode()
    # A public page: the errors (hosts, ports) go to the log only.
    assert "6390" not in page.content.decode() and "6390" not in response.content.decode()


def test_database_down_is_a_503(client, monkeypatch):
    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Down())
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json() == {"status": "error"}
    page = client.get(reverse("health"), **HTML)
    assert page.status_code == 503 and "Hors service" in page.content.decode()


def test_database_down_is_a_503_for_a_logged_in_person_too(client, monkeypatch):
    """A session cookie makes the middleware read the session from the database: that must
    not turn the health page into a 500."""
    client.force_login(UserFactory())

    class Down:
        def cursor(self):
            raise OperationalError("connection refused")

    def unreadable(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Down())
    monkeypatch.setattr(SessionStore, "_get_session_from_db", unreadable)
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json() == {"status": "error"}
    page = client.get(reverse("health"), **HTML)
    assert page.status_code == 503 and "Hors service" in page.content.decode()
