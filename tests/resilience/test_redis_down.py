"""Redis down (cache and broker at a URL where nothing listens): every page still answers,
in under a second; login attempts keep counting, in the database; enqueues give up at once
and their outbox rows wait for the sweep."""

import time

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from offers.models import State
from outbox.models import PendingTask
from outbox.services import defer
from placements import classes
from stages_bfc import outages
from tests.factories import OfferFactory, UserFactory
from tests.placements.factories import SchoolClassFactory

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-42"  # the factories' password
# Before the fix, one enqueue blocked about 6 s and search answered 500. The 1-s target is
# measured against `make run` (docs/security.md); here the bound only has to tell a blocking
# call from a fast one on a loaded 2-core CI machine.
BLOCKING = 3.0


def timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def test_search_reads_the_database_when_redis_is_down(client, redis_down, settings):
    settings.SEARCH_CACHE_SECONDS = 60
    OfferFactory(state=State.PUBLISHED, title="Boulangerie du Doubs")
    client.get(reverse("search:offers"))  # templates compiled, as in a running server
    redis_down()

    for query in ("", "boulangerie", "boulangerie"):
        response, seconds = timed(client.get, reverse("search:offers"), {"q": query})
        assert response.status_code == 200
        assert seconds < BLOCKING, seconds
    assert "Boulangerie du Doubs" in response.content.decode()
    assert outages.cache.is_on()  # known down: the next pages do not even try Redis


def test_email_login_counts_its_attempts_in_the_database_when_redis_is_down(client, redis_down):
    user = UserFactory()
    redis_down()
    for _ in range(10):
        response, seconds = timed(
            client.post, reverse("account_login"), {"login": user.email, "password": "faux"}
        )
        assert response.status_code == 200  # the form again, no 500
        assert seconds < BLOCKING, seconds
    # Still counted (allauth's 10/m/ip): the right password is refused for now.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_email_login_works_when_redis_is_down(client, redis_down):
    user = UserFactory()
    redis_down()
    response, seconds = timed(
        client.post, reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert seconds < BLOCKING, seconds


def test_pupil_login_works_when_redis_is_down(client, redis_down):
    school_class = SchoolClassFactory()
    [issued] = classes.create_pupils(school_class, "Léa Faivre")
    redis_down()
    wrong, seconds = timed(
        client.post,
        reverse("placements:pupil_login"),
        {"class_code": school_class.join_code, "personal_code": "AAAA-AAAA"},
    )
    assert wrong.status_code == 400 and seconds < BLOCKING, seconds
    right, seconds = timed(
        client.post,
        reverse("placements:pupil_login"),
        {"class_code": school_class.join_code, "personal_code": issued.code},
    )
    assert right.status_code == 302 and seconds < BLOCKING, seconds
    assert int(client.session["_auth_user_id"]) == issued.pupil.pk


def test_the_fallback_cache_is_the_database_while_redis_is_down(redis_down):
    redis_down()
    cache.set("compteur", [1.0, 2.0], 60)
    assert outages.cache.is_on()
    assert caches["database"].get("compteur") == [1.0, 2.0]
    assert cache.get("compteur") == [1.0, 2.0]
    assert cache.add("verrou", True, 10) is True
    assert cache.add("verrou", True, 10) is False  # allauth's lock still excludes


def test_the_fallback_cache_uses_redis_when_it_answers(settings):
    from tests.resilience.conftest import caches_with_redis_at

    if not settings.REDIS_URL:
        pytest.skip("no Redis configured (REDIS_URL)")
    settings.CACHES = caches_with_redis_at(settings.REDIS_URL, settings)
    cache.set("test:fallback", "redis", 60)
    assert caches["redis"].get("test:fallback") == "redis"
    assert caches["database"].get("test:fallback") is None
    assert not outages.cache.is_on()
    caches["redis"].delete("test:fallback")


def test_enqueues_give_up_at_once_and_the_outbox_rows_wait(
    broker_down, django_capture_on_commit_callbacks
):
    # Sixteen enqueues: what a bulk approval of eight offers queues (e-mail, national push).
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = [defer("outbox.tasks.run_pending", 0) for _ in range(16)]
    started = time.monotonic()
    for callback in callbacks:
        callback()
    seconds = time.monotonic() - started
    assert seconds < BLOCKING, seconds
    assert outages.broker.is_on()
    pending = PendingTask.objects.filter(pk__in=[row.pk for row in rows])
    assert pending.filter(done_at__isnull=True, attempts=0).count() == 16
