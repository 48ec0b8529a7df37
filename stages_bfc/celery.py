import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stages_bfc.settings")

app = Celery("stages_bfc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
