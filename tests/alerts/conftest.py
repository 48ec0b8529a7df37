import datetime

import pytest
from django.utils import timezone

from offers.models import State
from tests.factories import OfferFactory, SectorFactory


@pytest.fixture
def publish(db):
    """An offer published at `when` (default now), in the search's read model."""

    def make(when=None, **kwargs):
        offer = OfferFactory(state=State.PUBLISHED, **kwargs)
        type(offer).objects.filter(pk=offer.pk).update(published_at=when or timezone.now())
        offer.refresh_from_db()
        return offer

    SectorFactory()
    SectorFactory(code="s12", label="Commerce")
    return make


def hours_ago(hours: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)
