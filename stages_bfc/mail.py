"""French e-mails in HTML and plain text, rendered from templates/emails/<name>.{txt,html}."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated(name: str, to: list[str], context: dict) -> None:
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"emails/{name}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,  # as allauth's own e-mails
        body=render_to_string(f"emails/{name}.txt", context),
        to=to,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    message.send()
