from celery import shared_task
from django.utils import timezone

from . import services, weekly


@shared_task
def refresh():
    """Beat, every FIGURES_REFRESH_MINUTES: the current school year's figures."""
    services.refresh()


@shared_task
def weekly_email():
    """Beat, every Monday: May and June's e-mail to Region staff and school heads."""
    return weekly.queue(timezone.localdate())


@shared_task
def send_weekly(kind: str, key):
    """Outbox: one recipient's weekly e-mail ("region", user id) or ("school", UAI)."""
    weekly.send(kind, key)
