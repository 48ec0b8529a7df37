import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from kombu import pools

from stages_bfc import outages
from stages_bfc.celery import app as celery_app

NOBODY_LISTENS = "redis://127.0.0.1:6390/0"


def caches_with_redis_at(url, settings):
    """The production CACHES (stages_bfc/settings.py) with Redis at `url`."""
    return {
        "default": {
            "BACKEND": "stages_bfc.cache.FallbackCache",
            "OPTIONS": {"PRIMARY": "redis", "FALLBACK": "database"},
        },
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": django_settings.REDIS_CACHE_OPTIONS,
        },
        "database": django_settings.DATABASE_CACHE,
        "search_pages": settings.CACHES["search_pages"],
    }


@pytest.fixture(autouse=True)
def _no_outage_known():
    cache.clear()  # local memory: shared by the tests of this process
    outages.cache.clear()
    outages.broker.clear()
    yield
    outages.cache.clear()
    outages.broker.clear()


@pytest.fixture
def redis_down(settings):
    """Turn the shared cache into the production one, with nothing listening at its URL."""

    def down():
        settings.CACHES = caches_with_redis_at(NOBODY_LISTENS, settings)

    return down


@pytest.fixture
def broker_down():
    """Celery publishes for real (not eagerly) to a Redis where nothing listens; the
    project conftest gives the next tests their broker back."""
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = NOBODY_LISTENS
    celery_app.conf.broker_transport_options = django_settings.REDIS_BROKER_OPTIONS
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
