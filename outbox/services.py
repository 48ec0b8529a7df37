"""Durable after-commit tasks: `defer("app.tasks.name", *args)` inside the transaction of the
change. The task is named, not imported (`registry.task_named`): services never import tasks."""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import PendingTask
from .registry import task_named

logger = logging.getLogger(__name__)

# A task that has not moved for this long is queued again by the sweep.
STALE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 20
# The task that runs a recorded row (outbox/tasks.py).
RUNNER = "outbox.tasks.run_pending"


def defer(task_name: str, *args) -> PendingTask:
    """Record the task `task_name(*args)` with the current transaction and queue it once it
    commits. An unknown name raises UnknownTask at once, and the change rolls back with it."""
    pending = PendingTask.objects.create(task_name=task_named(task_name).name, args=list(args))
    transaction.on_commit(partial(dispatch, pending.pk))
    return pending


def defer_many(task_name: str, args_list: list[tuple]) -> list[int]:
    """`defer` for many calls of one task (a nightly batch's e-mails, one per person): the
    rows in one bulk insert, queued on commit; the first broker failure leaves the rest to
    the sweep."""
    name = task_named(task_name).name
    rows = PendingTask.objects.bulk_create(
        [PendingTask(task_name=name, args=list(args)) for args in args_list], batch_size=2000
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(partial(dispatch_many, ids))
    return ids


def dispatch_many(pending_ids: list[int]) -> None:
    runner = task_named(RUNNER)
    for pending_id in pending_ids:
        try:
            runner.delay(pending_id)
        except Exception:
            logger.warning("Broker unavailable: %s tasks left for the sweep", len(pending_ids))
            return


def dispatch(pending_id: int) -> None:
    runner = task_named(RUNNER)  # a wrong name is a bug, not a broker outage
    try:
        runner.delay(pending_id)
    except Exception:
        logger.warning("Broker unavailable: task %s left for the sweep", pending_id)


def due_ids() -> list[int]:
    """Tasks to queue again: failed ones whose back-off is over, and the ones the broker or
    a worker lost. Each is then marked in flight for STALE_AFTER, so that a busy queue does
    not get the same task every minute."""
    now = timezone.now()
    waiting = PendingTask.objects.filter(done_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    due = waiting.filter(next_attempt_at__lte=now) | waiting.filter(
        next_attempt_at__isnull=True, updated_at__lt=now - STALE_AFTER
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True)[:1000])
    PendingTask.objects.filter(pk__in=ids).update(next_attempt_at=now + STALE_AFTER)
    return ids
