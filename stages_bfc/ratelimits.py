"""Rate limits on every secret a person can guess: class join codes, personal codes,
invitation tokens, and any signed link to come (`limit_guesses`).

allauth's limiter (cache-backed, atomic under its lock, shared by every process; counted in
the database while Redis is down, stages_bfc/cache.py), keyed by the client's address as
allauth reads it (TRUSTED_PROXY_COUNT) and, where there is one, by the target: a school
behind one address does not share one bucket for all its classes. Only wrong guesses
count: the views roll an attempt back when the secret was right.
"""

import math
import time
from datetime import timedelta
from functools import wraps

from allauth.core.internal import ratelimit
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

APP = "stages_bfc"
RATES = {
    # A logged-in pupil typing a class code; the address caps many accounts together.
    "join_class": "10/10m/user,60/10m/ip",
    # Key: the class code and the address; the address alone caps trying many classes.
    "pupil_login": "10/5m/key,60/5m/ip",
    # Organisation invitations (a token in a link), per account and per address.
    "invitation": "10/10m/user,30/10m/ip",
    # Convention signing: codes sent, and codes typed, per signature and per address.
    "signing_code_sent": "5/1h/key,30/1h/ip",
    "signing_code": "5/15m/key,30/15m/ip",
    # Default for signed links (`limit_guesses`): per address.
    "signed_link": "20/10m/ip",
}


def client_ip(request) -> str:
    """The client's address, through TRUSTED_PROXY_COUNT proxies (allauth's reading)."""
    return ratelimit.get_ip(request)


def consume(request, action: str, key: str | None = None):
    """Count one attempt: the usage (`.rollback()` it if the guess was right), or None once
    the limit is reached."""
    return ratelimit.consume(request, app=APP, action=action, config=RATES, key=key, limit_get=True)


def retry_after(request, action: str, key: str | None = None) -> int:
    """Seconds until the next attempt is allowed (at least 1)."""
    now, wait = time.time(), 1.0
    for rate in ratelimit.get_rates(app=APP, action=action, config=RATES):
        cache_key = ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        # Newest first; the limit lifts when the rate.amount-th newest attempt expires.
        history = [at for at in cache.get(cache_key, []) if at > now - rate.duration]
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def retry_context(seconds: int) -> dict:
    return {
        "retry_minutes": max(math.ceil(seconds / 60), 1),
        "retry_at": timezone.localtime() + timedelta(seconds=seconds),
    }


def too_many(request, action: str, key: str | None = None):
    """429 page saying when to try again, with the Retry-After header."""
    seconds = retry_after(request, action, key)
    response = render(request, "429.html", retry_context(seconds), status=429)
    response["Retry-After"] = str(seconds)
    return response


REFUSED = {400, 404}  # what a view answers to a wrong secret


def limit_guesses(action: str = "signed_link", key=None):
    """Decorator for a view that takes a secret from the URL (a token, a signed link): its
    refusals, 404 (Http404 raised or returned) or 400 (a bad or expired link), count as wrong
    guesses. `key(request, *args, **kwargs)` may name the target."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            target = key(request, *args, **kwargs) if key else None
            usage = consume(request, action, target)
            if usage is None:
                return too_many(request, action, target)
            response = view(request, *args, **kwargs)  # an Http404 leaves the attempt counted
            if response.status_code not in REFUSED:
                usage.rollback()
            return response

        return wrapped

    return decorate
