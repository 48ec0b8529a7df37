"""Thin Celery tasks of accounts, deferred through the outbox (which runs them with .run()
and retries them)."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from . import attachments


@shared_task(forget_args=True)  # the outbox row forgets the message (its links) once sent
def send_account_mail(subject: str, body: str, html: str, from_email: str, to: list[str]):
    """One of allauth's account e-mails (confirmation, password reset, account already
    exists...), rendered in the request that asked for it."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def send_attachment_link(attachment_id: int):
    attachments.send_link(attachment_id)


@shared_task
def send_attachment_decision(attachment_id: int):
    attachments.send_decision(attachment_id)
