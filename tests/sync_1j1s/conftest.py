import pytest
from django.core.cache import cache

from national_sandbox.models import SandboxConfig
from national_sandbox.server import serve
from tests import ports


def free_port() -> int:
    return ports.free_port("SYNC_TEST_PORTS")


@pytest.fixture
def sandbox(settings, transactional_db):
    """The sandbox server in a thread, and the settings that point the worker at it."""
    cache.clear()  # no token from an earlier test's sandbox
    config = SandboxConfig.current()
    server = serve(port=free_port())
    host, port = server.server_address
    settings.NATIONAL_API_URL = f"http://{host}:{port}/api/v2"
    settings.NATIONAL_API_EMAIL = config.email
    settings.NATIONAL_API_PASSWORD = config.password
    settings.NATIONAL_API_RATE_PER_MIN = 6000
    server.config = config
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_retries(settings):
    """Retries without real waiting (the back-off itself is tested on its own)."""
    settings.NATIONAL_API_TIMEOUT = (1, 2)
    settings.NATIONAL_API_WINDOW_SECONDS = 1
