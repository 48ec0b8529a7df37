import os
import socket

import pytest
from django.core.cache import cache

from register_sandbox.server import serve


def free_port() -> int:
    """Within REGISTER_TEST_PORTS ("8130-8139") when set (shared machines), else any."""
    if ports := os.environ.get("REGISTER_TEST_PORTS"):
        first, last = map(int, ports.split("-"))
        for port in range(first, last + 1):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in {ports}")
    return 0


@pytest.fixture
def register(settings):
    """The register sandbox served for real in a thread; the settings point at it, and the
    client's retries do not wait (the back-off itself is tenacity's)."""
    cache.clear()  # no answer remembered from an earlier test
    server = serve(port=free_port())
    settings.COMPANY_REGISTER_URL = server.url
    settings.COMPANY_REGISTER_TIMEOUT = (1, 1)
    yield server
    server.shutdown()
    server.server_close()
