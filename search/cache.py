"""Short-lived caches of the search: facet counts and whole anonymous pages.

Search results are public and the same for everyone, and most searches are repeated
(shared links, back button, the same commune and sector asked by a whole class). Both caches
expire after SEARCH_CACHE_SECONDS (60 s by default, 0 turns them off) and are dropped at
once when an offer or a period is saved through the ORM (a version number in every key).
Bulk writes (seed_demo, the national sync) only wait for the expiry.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
VERSION_KEY = "search:version"


def timeout() -> int:
    return getattr(settings, "SEARCH_CACHE_SECONDS", 60)


def _version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"search:{kind}:{_version()}:{digest}"


def bump(**kwargs):
    """Signal receiver: an offer or a period changed, forget every cached search."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet
            cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # a cache outage must never block saving an offer
        logger.warning("search cache version not bumped", exc_info=True)


def get_page(kind: str, *parts: str):
    """A cached page body, in one round trip: the body is stored with the version it was
    rendered under, and the version is fetched alongside it."""
    page_key = (
        "search:page:" + hashlib.sha256("\x1f".join((kind, *parts)).encode()).hexdigest()[:32]
    )
    found = cache.get_many([VERSION_KEY, page_key])
    version, entry = found.get(VERSION_KEY, 1), found.get(page_key)
    if entry is not None and entry[0] == version:
        return page_key, version, entry[1]
    return page_key, version, None


def set_page(page_key: str, version: int, body: bytes):
    cache.set(page_key, (version, body), timeout())
