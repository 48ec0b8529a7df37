"""Signed links that need no login: unsubscribing (one saved search, or every alert of a
person) and a class's shared search. A signature, not a stored secret: nothing to look up
before checking it, and a tampered link is refused.

The unsubscribe token is short on purpose: its URL goes in the List-Unsubscribe header,
which must fit on one folded line (78 characters) or the SMTP policy turns it into
RFC 2047 encoded words that mail clients do not read as a URL.
"""

import base64
import re

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

UNSUBSCRIBE = "alerts.unsubscribe"
SHARE = "alerts.share"
TOKEN = re.compile(r"^([su])([1-9][0-9]{0,11})-([A-Za-z0-9_-]{12})$")


def _signature(value: str) -> str:
    digest = salted_hmac(UNSUBSCRIBE, value, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()  # 72 bits, 12 characters


def unsubscribe_token(*, saved_search_id: int | None = None, owner_id: int | None = None) -> str:
    value = f"s{saved_search_id}" if saved_search_id else f"u{owner_id}"
    return f"{value}-{_signature(value)}"


def read_unsubscribe(token: str) -> dict | None:
    """{"s": id} or {"u": id}; None for a token that is not ours."""
    match = TOKEN.match(token or "")
    if not match:
        return None
    kind, number, signature = match.groups()
    if not constant_time_compare(signature, _signature(f"{kind}{number}")):
        return None
    return {kind: int(number)}


def share_token(saved_search_id: int) -> str:
    return signing.dumps(saved_search_id, salt=SHARE)


def read_share(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SHARE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
