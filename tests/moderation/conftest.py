import datetime

import pytest
from django.utils import timezone

from offers.models import State
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def moderator_client(client, moderator):
    log_in(client, moderator)
    return client


def submitted_offer(days_ago=1, with_member=True, **kwargs):
    """An offer awaiting moderation, submitted `days_ago` days ago, with an employer to notify."""
    offer = OfferFactory(
        state=State.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )
    if with_member:
        EmployerFactory(organisation=offer.organisation, email=f"accueil{offer.pk}@exemple.fr")
    return offer
