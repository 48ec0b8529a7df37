"""What /sante/ reports: each dependency of the platform, probed in well under a second.

Only the database is critical (no page works without it): a load balancer takes the
process out on 503. Redis (cache, broker), the worker and the backlogs degrade the service
without stopping it: the page says so, in French, and stays 200. The page is public: the
errors themselves go to the log, not to it.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.timesince import timesince

from outbox.models import PendingTask
from outbox.services import MAX_ATTEMPTS
from sync_1j1s.models import SyncIntent

logger = logging.getLogger(__name__)
HEARTBEAT_KEY = "health:worker-heartbeat"
HEARTBEAT_LATE = timedelta(minutes=3)  # beat writes it every minute
BACKLOG_LATE = timedelta(minutes=15)  # the sweeps run every minute


@dataclass
class Check:
    name: str
    label: str
    ok: bool
    detail: str
    critical: bool = False


def write_heartbeat() -> None:
    cache.set(HEARTBEAT_KEY, time.time(), timeout=86400)


def database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.warning("health: database unreachable", exc_info=True)
        return Check("database", "Base de données", False, "injoignable", True)
    return Check("database", "Base de données", True, "répond", True)


def shared_cache() -> Check:
    primary = getattr(cache, "primary", cache)  # Redis behind stages_bfc.cache.FallbackCache
    try:
        primary.set("health:probe", 1, timeout=10)
        primary.get("health:probe")
    except Exception:
        logger.warning("health: cache unreachable", exc_info=True)
        return Check(
            "cache",
            "Cache (Redis)",
            False,
            "injoignable : la recherche lit la base sans cache, les tentatives "
            "de connexion sont comptées dans la base de données",
        )
    return Check("cache", "Cache (Redis)", True, "répond")


def broker() -> Check:
    from stages_bfc.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
    except Exception:
        logger.warning("health: broker unreachable", exc_info=True)
        return Check(
            "broker",
            "File des tâches (Celery)",
            False,
            "injoignable : e-mails et envois nationaux attendent dans la base",
        )
    return Check("broker", "File des tâches (Celery)", True, "répond")


def worker() -> Check:
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception:
        beat = None
    if beat is None:
        return Check("worker", "Worker et planificateur", False, "aucun signe de vie enregistré")
    age = timedelta(seconds=max(time.time() - beat, 0))
    seen = "moins d'une minute" if age < timedelta(minutes=1) else timesince(timezone.now() - age)
    if age > HEARTBEAT_LATE:
        return Check("worker", "Worker et planificateur", False, f"dernier signe il y a {seen}")
    return Check("worker", "Worker et planificateur", True, f"dernier signe il y a {seen}")


def _backlog(name: str, label: str, pending) -> Check:
    try:
        figures = pending.aggregate(count=Count("pk"), oldest=Min("created_at"))
    except Exception:
        logger.warning("health: %s unreadable", name, exc_info=True)
        return Check(name, label, False, "inconnu")
    if not figures["count"]:
        return Check(name, label, True, "rien en attente")
    late = timezone.now() - figures["oldest"] > BACKLOG_LATE
    detail = (
        f"{figures['count']} en attente, la plus ancienne depuis {timesince(figures['oldest'])}"
    )
    return Check(name, label, not late, detail)


def outbox_backlog() -> Check:
    pending = PendingTask.objects.filter(done_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    return _backlog("outbox", "Tâches différées (e-mails)", pending)


def national_backlog() -> Check:
    label = "Envoi à la plateforme nationale"
    if not settings.NATIONAL_API_URL:
        return Check("national_push", label, True, "non configuré : les changements attendent")
    return _backlog("national_push", label, SyncIntent.objects.pending())


def report() -> list[Check]:
    checks = [database(), shared_cache(), broker(), worker()]
    if checks[0].ok:
        checks += [outbox_backlog(), national_backlog()]
    return checks
