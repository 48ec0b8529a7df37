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


# The SMTP policy folds header lines at 78 characters and writes a longer word as RFC 2047
# encoded words: a URL header (List-Unsubscribe) must fit after "Name:" on a line of its own.
MAX_HEADER_WORD = 77


def list_unsubscribe(url: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 one-click unsubscribe headers for an https URL that accepts a POST
    without login; none when the URL is too long to survive folding (the body's link then
    does the work)."""
    value = f"<{one_line(url)}>"
    if len(value) > MAX_HEADER_WORD or not url.startswith("https://"):
        return {}
    return {"List-Unsubscribe": value, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def send_templated(
    name: str,
    to: list[str],
    context: dict,
    headers: dict | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """`attachments`: (file name, content, MIME type) of each file joined."""
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"emails/{name}_subject.txt", context)
    message = EmailMultiAlternatives(
        # As allauth's own e-mails; headers only from one-line values.
        subject=one_line(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject),
        body=render_to_string(f"emails/{name}.txt", context),
        to=[one_line(address) for address in to],
        headers={key: one_line(value) for key, value in (headers or {}).items()},
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()
