import os
import socket

import pytest
from django.core.cache import cache

from national_sandbox.models import SandboxConfig
from national_sandbox.server import serve


def free_port() -> int:
    """A free port: within SYNC_TEST_PORTS ("8110-8119") when set (shared machines), else any."""
    if ports := os.environ.get("SYNC_TEST_PORTS"):
        first, last = map(int, ports.split("-"))
        for port in range(first, last + 1):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in {ports}")
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
