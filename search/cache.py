"""Short-lived caches of the search: facet counts and whole anonymous pages.

Search results are public and the same for everyone, and most searches are repeated
(shared links, back button, the same commune and sector asked by a whole class). Both caches
expire after SEARCH_CACHE_SECONDS (60 s by default, 0 turns them off) and are dropped at
once when an offer or a period is saved through the ORM (a version number in every key).
Bulk writes (seed_demo, the national sync) only wait for the expiry.

Pages live in two tiers: the shared cache (Redis), and a small compressed copy in each
server process, so that a repeated search costs no network round trip (a Redis GET through
Django's cache is 0.2 ms here, as much as the whole minimal view). Each process re-reads the
version number at most once a second: a change shows everywhere within that second.
"""

import hashlib
import logging
import threading
import time
import zlib
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)
VERSION_KEY = "search:version"
VERSION_SECONDS = 1.0  # how stale this process's idea of the version may be


def timeout() -> int:
    return getattr(settings, "SEARCH_CACHE_SECONDS", 60)


def _version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


class _LocalPages:
    """This process's copies of recent pages, zlib-compressed, least recently used first
    out beyond SEARCH_LOCAL_CACHE_BYTES (16 MB by default: about 2,000 pages)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, tuple[int, float, bytes]] = OrderedDict()
        self.size = 0
        self.version, self.version_read_at = None, 0.0

    def clear(self):
        with self.lock:
            self.pages.clear()
            self.size = 0
            self.version = None

    def current_version(self) -> int:
        now = time.monotonic()
        if self.version is None or now - self.version_read_at > VERSION_SECONDS:
            self.version, self.version_read_at = _version(), now
        return self.version

    def get(self, page_key: str, version: int):
        with self.lock:
            entry = self.pages.get(page_key)
            if entry is None or entry[0] != version or entry[1] < time.monotonic():
                return None
            self.pages.move_to_end(page_key)
        return zlib.decompress(entry[2])

    def put(self, page_key: str, version: int, body: bytes):
        packed = zlib.compress(body, 1)
        limit = getattr(settings, "SEARCH_LOCAL_CACHE_BYTES", 16_000_000)
        with self.lock:
            old = self.pages.pop(page_key, None)
            self.size -= len(old[2]) if old else 0
            self.pages[page_key] = (version, time.monotonic() + timeout(), packed)
            self.size += len(packed)
            while self.size > limit and self.pages:
                _, (_, _, dropped) = self.pages.popitem(last=False)
                self.size -= len(dropped)


local_pages = _LocalPages()


def key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"search:{kind}:{_version()}:{digest}"


def _increment():
    local_pages.clear()  # this process at once; the others within VERSION_SECONDS
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
    from the shared cache, where the body is stored with the version it was rendered under."""
    page_key = _page_key(kind, *parts)
    version = local_pages.current_version()
    body = local_pages.get(page_key, version)
    if body is not None:
        return page_key, version, body
    entry = cache.get(page_key)
    if entry is not None and entry[0] == version:
        local_pages.put(page_key, version, entry[1])
        return page_key, version, entry[1]
    return page_key, version, None


def set_page(page_key: str, version: int, body: bytes):
    cache.set(page_key, (version, body), timeout())
    local_pages.put(page_key, version, body)
