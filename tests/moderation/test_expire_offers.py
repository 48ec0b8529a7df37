import datetime

import pytest
from django.utils import timezone

from offers.models import State
from offers.tasks import expire_offers
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def offer_ending(day, state=State.PUBLISHED, start=None):
    start = start or day - datetime.timedelta(days=4)
    return OfferFactory(state=state, periods=[(start, day, 2)])


def test_offers_whose_last_period_ended_yesterday_expire_with_an_audit_row():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    ended = offer_ending(yesterday)
    ended_filled = offer_ending(yesterday, state=State.FILLED)
    ends_today = offer_ending(today)
    # An old period does not count while a later one is still to come.
    later_period = OfferFactory(
        state=State.PUBLISHED,
        periods=[
            (yesterday - datetime.timedelta(days=30), yesterday - datetime.timedelta(days=26), 1),
            (today + datetime.timedelta(days=30), today + datetime.timedelta(days=34), 1),
        ],
    )
    draft = offer_ending(yesterday, state=State.DRAFT)

    assert expire_offers() == 2

    for offer, state in [
        (ended, State.EXPIRED),
        (ended_filled, State.EXPIRED),
        (ends_today, State.PUBLISHED),
        (later_period, State.PUBLISHED),
        (draft, State.DRAFT),
    ]:
        offer.refresh_from_db()
        assert offer.state == state, offer
    transition = ended.transitions.get()
    assert (transition.source, transition.target) == (State.PUBLISHED, State.EXPIRED)
    assert transition.actor is None
    assert transition.message == "Dernière période passée"
    assert not ends_today.transitions.exists()


def test_expiry_is_idempotent():
    offer_ending(timezone.localdate() - datetime.timedelta(days=1))
    assert expire_offers() == 1
    assert expire_offers() == 0


def test_expired_offer_page_answers_410(client):
    offer = offer_ending(timezone.localdate() - datetime.timedelta(days=1))
    expire_offers()
    assert client.get(offer.get_absolute_url()).status_code == 410
