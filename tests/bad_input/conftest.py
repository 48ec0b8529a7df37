import pytest

from tests.factories import (
    CommuneFactory,
    EmployerFactory,
    ModeratorFactory,
    SectorFactory,
)
from tests.sessions import log_in


@pytest.fixture(autouse=True)
def _server_errors_as_responses(client):
    """A 500 must show up as a status, not hide behind the test client's re-raise."""
    client.raise_request_exception = False


@pytest.fixture
def sector(db):
    return SectorFactory()


@pytest.fixture
def employer(db, sector):
    CommuneFactory()
    return EmployerFactory()


@pytest.fixture
def employer_client(client, employer):
    client.force_login(employer)
    return client


@pytest.fixture
def moderator_client(client):
    log_in(client, ModeratorFactory())
    return client
