import pytest
from django.core.cache import cache
from django.test import Client, TestCase


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts attempts in the cache; LocMemCache outlives a single test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mail_after_each_request(monkeypatch):
    """allauth's e-mails leave through the outbox once the request's changes commit; the
    test's transaction never commits, so each request runs its commit callbacks at its end."""
    original = Client.request

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
