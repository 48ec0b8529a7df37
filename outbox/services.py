"""Durable after-commit tasks: `defer(task, *args)` inside the transaction of the change."""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import PendingTask

logger = logging.getLogger(__name__)

# A task that has not moved for this long is queued again by the sweep.
STALE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 20


def defer(task, *args) -> PendingTask:
    """Record `task(*args)` with the current transaction and queue it once it commits."""
    pending = PendingTask.objects.create(task_name=task.name, args=list(args))
    transaction.on_commit(partial(dispatch, pending.pk))
    return pending


def dispatch(pending_id: int) -> None:
    from .tasks import run_pending

    try:
        run_pending.delay(pending_id)
    except Exception:
        logger.warning("Broker unavailable: task %s left for the sweep", pending_id)


def stale_ids() -> list[int]:
    cutoff = timezone.now() - STALE_AFTER
    return list(
        PendingTask.objects.filter(
            done_at__isnull=True, updated_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:1000]
    )
