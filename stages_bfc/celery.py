import os

from celery import Celery
from kombu.exceptions import OperationalError

from . import outages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stages_bfc.settings")


class App(Celery):
    """After an enqueue failed, the next ones in this process fail at once for a few
    seconds instead of waiting for the broker again: a bulk approval of eight offers
    queues sixteen tasks. Their callers log it; the rows they wrote wait for the sweeps.
    Every publish goes through send_task (Task.apply_async too; eager runs do not)."""

    def send_task(self, *args, **kwargs):
        if outages.broker.is_on():
            raise OperationalError("Celery broker unreachable a moment ago: not tried again yet")
        try:
            return super().send_task(*args, **kwargs)
        except OperationalError as error:
            outages.broker.report(error)
            raise


app = App("stages_bfc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
