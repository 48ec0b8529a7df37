"""Thin Celery tasks over `services` (the logic is tested without a broker)."""

from celery import shared_task

from . import reconcile as reconciliation
from . import services


@shared_task(bind=True, acks_late=True, ignore_result=True)
def push_offer(self, offer_id: int):
    """Push one offer's pending changes; back off (Celery retry) on transient failures."""
    if not services.configured():
        return None
    outcome = services.sync_offer(offer_id)
    if outcome.retry_in is not None:
        # The intents stay in the outbox: losing this retry only delays it to the sweep.
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    if outcome.more:
        services.enqueue(offer_id)
    return outcome.status


@shared_task(ignore_result=True)
def sweep():
    """Beat: queue every change that has waited too long (lost task, broker outage)."""
    return services.requeue_stale()


@shared_task(ignore_result=True)
def release_held():
    """Beat, daily: push the offers whose school year has begun (1 July)."""
    return services.release_held()


@shared_task(ignore_result=True)
def reconcile():
    """Beat, nightly: compare the national listing with what should be online, repair."""
    return reconciliation.run()
