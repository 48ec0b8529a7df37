"""French e-mails in HTML and plain text, rendered from templates/emails/<name>.{txt,html}."""

import unicodedata

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def one_line(text: str) -> str:
    """A header value: line breaks and other control characters become spaces, invisible
    format characters (bidi overrides, zero-width) go, runs of spaces become one. A title
    typed with a line break must not make its e-mail fail at every attempt ("Header values
    may not contain linefeed")."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in {"Cc", "Zl", "Zp"}:
            kept.append(" ")
        elif category != "Cf":
            kept.append(char)
    return " ".join("".join(kept).split())


def send_templated(name: str, to: list[str], context: dict) -> None:
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    message = EmailMultiAlternatives(
        # As allauth's own e-mails; headers only from one-line values.
        subject=one_line(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject),
        body=render_to_string(f"emails/{name}.txt", context),
        to=[one_line(address) for address in to],
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    message.send()
