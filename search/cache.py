"""Short-lived caches of the search: facet counts and whole anonymous pages.

Search results are public and the same for everyone, and most searches are repeated
(shared links, back button, the same commune and sector asked by a whole class). Both caches
expire after SEARCH_CACHE_SECONDS (60 s by default, 0 turns them off) and are dropped at
once when an offer or a period is saved through the ORM (a version number in every key).
Bulk writes (seed_demo, the national sync) only wait for the expiry.

Pages live in two tiers: the shared cache (Redis), and a compressed copy in each server
process (the `search_pages` cache, Django's local-memory backend, MAX_ENTRIES in settings),
so that a repeated search costs no network round trip (a Redis GET through Django's cache
is 0.2 ms here, as much as the whole minimal view). Each process re-reads the version
number at most once a second: a change shows everywhere within that second.

While the shared cache is unreachable (stages_bfc/outages.py), the search caches nothing:
every page reads the database, as with SEARCH_CACHE_SECONDS=0, and a failed read or write
of the cache is logged and treated as a miss, never an error page.
"""

import hashlib
import logging
import time
import zlib

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

from stages_bfc import outages

logger = logging.getLogger(__name__)
VERSION_KEY = "search:version"
VERSION_SECONDS = 1.0  # how stale this process's idea of the version may be
_seen = {"version": None, "at": 0.0}  # this process's copy of the version, and when read


def timeout() -> int:
    """How long to cache; 0 (no caching) while the shared cache is down."""
    return 0 if outages.cache.is_on() else settings.SEARCH_CACHE_SECONDS


def _unavailable(error: Exception) -> None:
    logger.warning("search cache unavailable: reading the database", exc_info=error)
    outages.cache.report(error)


def _version() -> int:
    now = time.monotonic()
    if _seen["version"] is None or now - _seen["at"] > VERSION_SECONDS:
        try:
            _seen["version"] = cache.get_or_set(VERSION_KEY, 1, timeout=None)
        except Exception as error:
            _unavailable(error)
            return 0  # matches no page: nothing cached is served
        _seen["at"] = now
    return _seen["version"]


def forget_local():
    """Drop this process's copies (pages and version): on a change, and between tests."""
    caches["search_pages"].clear()
    _seen["version"] = None


def key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"search:{kind}:{_version()}:{digest}"


def _increment():
    forget_local()  # this process at once; the others within VERSION_SECONDS
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet
            cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # a cache outage must never block saving an offer
        logger.warning("search cache version not bumped", exc_info=True)


def bump(**kwargs):
    """Signal receiver: an offer or a period changed, forget every cached search. Again
    once the change is committed: a page rendered in between, from the old rows, would
    otherwise be kept under the new version."""
    _increment()
    transaction.on_commit(_increment)


def _page_key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join((kind, *parts)).encode()).hexdigest()[:32]
    return "search:page:" + digest


def get_page(kind: str, *parts: str):
    """(key, version, body or None): from this process's copy when it is current, else
    from the shared cache; both hold the body with the version it was rendered under."""
    page_key = _page_key(kind, *parts)
    version = _version()
    local = caches["search_pages"].get(page_key)
    if local is not None and local[0] == version:
        return page_key, version, zlib.decompress(local[1])
    try:
        entry = cache.get(page_key)
    except Exception as error:
        _unavailable(error)
        return page_key, version, None
    if entry is not None and entry[0] == version:
        _keep_local(page_key, version, entry[1])
        return page_key, version, entry[1]
    return page_key, version, None


def _keep_local(page_key: str, version: int, body: bytes):
    caches["search_pages"].set(page_key, (version, zlib.compress(body, 1)), timeout())


def set_page(page_key: str, version: int, body: bytes):
    if not version or not timeout():  # the cache went down while the page was rendered
        return
    try:
        cache.set(page_key, (version, body), timeout())
    except Exception as error:
        _unavailable(error)
        return
    _keep_local(page_key, version, body)
