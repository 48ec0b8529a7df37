from celery import shared_task

from . import services


@shared_task
def refresh():
    """Beat, every FIGURES_REFRESH_MINUTES: the current school year's figures."""
    services.refresh()
