"""Signed links that need no login: unsubscribing (one saved search, or every alert of a
person) and a class's shared search. A signature, not a stored secret: nothing to look up
before checking it, and a tampered link is refused."""

from django.core import signing

UNSUBSCRIBE = "alerts.unsubscribe"
SHARE = "alerts.share"


def unsubscribe_token(*, saved_search_id: int | None = None, owner_id: int | None = None) -> str:
    payload = {"s": saved_search_id} if saved_search_id else {"u": owner_id}
    return signing.dumps(payload, salt=UNSUBSCRIBE, compress=True)


def read_unsubscribe(token: str) -> dict | None:
    """{"s": id} or {"u": id}; None for a token that is not ours."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not payload.keys() & {"s", "u"}:
        return None
    return payload


def share_token(saved_search_id: int) -> str:
    return signing.dumps(saved_search_id, salt=SHARE)


def read_share(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=SHARE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
