import os

from celery import Celery
from celery import Task as BaseTask
from kombu.exceptions import OperationalError

from . import outages

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stages_bfc.settings")


class Task(BaseTask):
    """After an enqueue failed, the next ones in this process fail at once for a few
    seconds instead of waiting for the broker again: a bulk approval of eight offers
    queues sixteen tasks. Their callers log it; the rows they wrote wait for the sweeps."""

    def apply_async(self, args=None, kwargs=None, **options):
        if self.app.conf.task_always_eager:
            return super().apply_async(args, kwargs, **options)
        if outages.broker.is_on():
            raise OperationalError("Celery broker unreachable a moment ago: not tried again yet")
        try:
            return super().apply_async(args, kwargs, **options)
        except OperationalError as error:
            outages.broker.report(error)
            raise


app = Celery("stages_bfc", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
