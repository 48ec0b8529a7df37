import pytest

from stages_bfc.celery import app as celery_app


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    """Tasks run in-process when their on-commit hook fires; a separate test uses a real worker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = "https://stages.bfc.example"


@pytest.fixture
def reference_data(db):
    """The shipped reference files, loaded as `make run` loads them."""
    from reference.loading import load_reference

    return load_reference()
