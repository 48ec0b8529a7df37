import pytest
from django.core.cache import cache

from reference import choices as reference_choices
from register_sandbox.server import serve as serve_register
from search import cache as search_cache
from stages_bfc.celery import app as celery_app
from tests.ports import free_port


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Tasks run in-process when their on-commit hook fires; a separate test uses a real worker."""
    broker = (celery_app.conf.broker_url, dict(celery_app.conf.broker_transport_options or {}))
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False
    if (celery_app.conf.broker_url, celery_app.conf.broker_transport_options) != broker:
        # A test pointed Celery at a broker of its own: give the next tests the real one.
        from kombu import pools

        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = broker
        pools.reset()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "search_pages": settings.CACHES["search_pages"],
    }
    search_cache.forget_local()  # no page from an earlier test's offers
    reference_choices.forget()  # no sector of an earlier test's (rolled back)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "https://stages.bfc.example"


@pytest.fixture
def reference_data(db):
    """The shipped reference files, loaded as `make run` loads them."""
    from reference.loading import load_reference

    return load_reference()


@pytest.fixture
def register(settings):
    """The company register's sandbox served for real in a thread, the settings pointing at
    it; a 1-s read timeout, so that its "slow" fault is a timeout."""
    cache.clear()  # no answer remembered from an earlier test
    server = serve_register(port=free_port("REGISTER_TEST_PORTS"))
    settings.COMPANY_REGISTER_URL = server.url
    settings.COMPANY_REGISTER_TIMEOUT = (1, 1)
    yield server
    server.shutdown()
    server.server_close()
    cache.clear()  # its answers must not reach a later test without the register
