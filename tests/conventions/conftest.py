import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture(scope="session")
def _certificate_dir(tmp_path_factory):
    from conventions.certificate import make_local_pair

    directory = tmp_path_factory.mktemp("convention-signing")
    make_local_pair(directory)
    return directory


@pytest.fixture(autouse=True)
def _local_certificate(settings, _certificate_dir):
    """A self-signed pair made once per run, never the developer's .data/ one."""
    settings.CONVENTION_SIGNING_KEY = ""
    settings.CONVENTION_SIGNING_CERT = ""
    settings.CONVENTION_LOCAL_CERT_DIR = _certificate_dir
