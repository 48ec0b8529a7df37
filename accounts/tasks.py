"""Thin Celery tasks for the school-staff attachment e-mails, deferred through the outbox."""

from celery import shared_task

from . import attachments


@shared_task
def send_attachment_link(attachment_id: int):
    attachments.send_link(attachment_id)


@shared_task
def send_attachment_decision(attachment_id: int):
    attachments.send_decision(attachment_id)
