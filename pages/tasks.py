from celery import shared_task

from . import health


@shared_task
def heartbeat():
    """Scheduled by beat every minute, run by a worker: /sante/ sees both are alive."""
    health.write_heartbeat()
