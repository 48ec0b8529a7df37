from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task  # deferred through the outbox, which runs it with .run() and retries it
def send_account_mail(subject: str, body: str, html: str, from_email: str, to: list[str]):
    """One of allauth's account e-mails (confirmation, password reset, account already
    exists...), rendered in the request that asked for it."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
