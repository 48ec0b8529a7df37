from celery import shared_task
from django.db import transaction
from django.utils import timezone

from .backoff import backoff
from .models import PendingTask
from .registry import task_named
from .services import dispatch, due_ids


@shared_task
def run_pending(pending_id: int):
    """Run a recorded task once: the row lock keeps the sweep from running it twice.

    A failure is recorded with the time of the next attempt, which the sweep queues: the one
    retry mechanism of deferred tasks (they are called with `.run()`, so retry options on
    them would never take effect)."""
    with transaction.atomic():
        pending = (
            PendingTask.objects.select_for_update(skip_locked=True)
            .filter(pk=pending_id, done_at__isnull=True)
            .first()
        )
        if pending is None:
            return
        pending.attempts += 1
        task = task_named(pending.task_name)
        try:
            with transaction.atomic():
                task.run(*pending.args)
        except Exception as error:
            pending.last_error = repr(error)[:2000]
            pending.next_attempt_at = timezone.now() + backoff(pending.attempts)
        else:
            pending.done_at = timezone.now()
            if getattr(task, "forget_args", False):
                pending.args = []  # e.g. a rendered e-mail holding a password-reset link
        pending.save()


@shared_task
def sweep_pending():
    """Queue again what failed (once its back-off is over) or what the broker lost."""
    ids = due_ids()
    for pending_id in ids:
        dispatch(pending_id)
    return len(ids)
