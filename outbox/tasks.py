from celery import current_app, shared_task
from django.db import transaction
from django.utils import timezone

from .models import PendingTask
from .services import dispatch, stale_ids


@shared_task(bind=True, max_retries=8)
def run_pending(self, pending_id: int):
    """Run a recorded task once: the row lock keeps the sweep from running it twice.

    The only retry of deferred tasks: they are called with `.run()`, outside any worker
    request of their own, so retry options on them would never take effect."""
    failure = None
    with transaction.atomic():
        pending = (
            PendingTask.objects.select_for_update(skip_locked=True)
            .filter(pk=pending_id, done_at__isnull=True)
            .first()
        )
        if pending is None:
            return
        pending.attempts += 1
        try:
            with transaction.atomic():
                current_app.tasks[pending.task_name].run(*pending.args)
        except Exception as error:
            failure = error
            pending.last_error = repr(error)[:2000]
        else:
            pending.done_at = timezone.now()
        pending.save()
    if failure is not None:
        raise self.retry(exc=failure, countdown=min(60 * 2**self.request.retries, 3600))


@shared_task
def sweep_pending():
    """Queue again what the broker or a worker lost."""
    ids = stale_ids()
    for pending_id in ids:
        dispatch(pending_id)
    return len(ids)
