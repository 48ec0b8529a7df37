import pytest

from tests.factories import CommuneFactory, EmployerFactory, SectorFactory


@pytest.fixture
def sector(db):
    return SectorFactory()


@pytest.fixture
def besancon(db):
    return CommuneFactory()


@pytest.fixture
def employer(db, sector, besancon):
    return EmployerFactory()


@pytest.fixture
def employer_client(client, employer):
    client.force_login(employer)
    return client
