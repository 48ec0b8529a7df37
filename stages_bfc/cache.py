"""The shared cache: Redis, and the database cache while Redis is unreachable.

allauth counts login attempts in the default cache (and so do the platform's own rate
limits, stages_bfc/ratelimits.py): with Redis down they keep counting in PostgreSQL, which
every page needs anyway, instead of failing open (a brute-force window) or failing every
login. The counts made during an outage stay in the database; Redis starts afresh.
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from redis.exceptions import RedisError

from . import outages


class FallbackCache(BaseCache):
    """OPTIONS: PRIMARY and FALLBACK, the aliases of two caches of CACHES."""

    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self.primary_alias = options["PRIMARY"]
        self.fallback_alias = options["FALLBACK"]

    @property
    def primary(self):
        return caches[self.primary_alias]

    def _call(self, method: str, *args, **kwargs):
        if not outages.cache.is_on():
            try:
                return getattr(self.primary, method)(*args, **kwargs)
            except RedisError as error:
                outages.cache.report(error)
        return getattr(caches[self.fallback_alias], method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        return self._call("clear")
