import socket

import pytest
from django.core.cache import cache

from national_sandbox.models import SandboxConfig
from national_sandbox.server import serve


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
