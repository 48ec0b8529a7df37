import pytest
from django.core.cache import cache

from offers.models import State
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """The local-memory cache outlives a test: start each one with no report counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def moderator_client(client, moderator):
    log_in(client, moderator)
    return client


def published_offer(**kwargs):
    """A published offer whose organisation has a member to notify."""
    offer = OfferFactory(state=State.PUBLISHED, **kwargs)
    EmployerFactory(organisation=offer.organisation, email=f"accueil{offer.pk}@exemple.fr")
    return offer
