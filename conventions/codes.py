"""One-time signing codes and the channels that carry them.

A code is drawn when the signatory asks for it, by the task that sends it: it is never
stored (only its keyed digest), nor written in an outbox row. E-mail is the only channel
today; an SMS provider would be one more class in CHANNELS, chosen by the
CONVENTION_CODE_CHANNEL setting, and the signatory's phone number on `Signature`.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from stages_bfc.mail import send_templated

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=15)


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def digest(scope: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"conventions.code:{scope}:{code}".encode(), hashlib.sha256).hexdigest()


def matches(scope: str, code: str, stored: str, expires_at) -> bool:
    code = "".join((code or "").split())
    if not (stored and expires_at and expires_at > timezone.now()):
        return False
    return hmac.compare_digest(digest(scope, code), stored)


class EmailChannel:
    name = "email"

    def send(self, address: str, code: str, context: dict) -> None:
        send_templated("convention_code", [address], {**context, "code": code})


CHANNELS = {"email": EmailChannel}


def channel():
    return CHANNELS[getattr(settings, "CONVENTION_CODE_CHANNEL", "email")]()
