"""Thin Celery tasks, deferred through the outbox by dotted name."""

from celery import shared_task

from . import emails


@shared_task
def send_cancelled(convention_id: int):
    emails.send_cancelled(convention_id)
