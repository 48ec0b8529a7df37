"""Editing an offer's periods keeps the rows that pupils' applications point at."""

import pytest
from django.urls import reverse

from offers.models import State
from tests.factories import EmployerFactory, OfferFactory
from tests.offers_employer.helpers import next_week, offer_data
from tests.placements.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(reference_data):
    week = next_week()
    offer = OfferFactory(state=State.DRAFT, publics=["3e"], periods=[(*week, 3)])
    application = ApplicationFactory(offer=offer, state="accepted")
    employer = EmployerFactory(organisation=offer.organisation)
    return offer, application, employer, week


def _edit(client, employer, offer, periods):
    client.force_login(employer)
    data = offer_data(sector_code=offer.sector_id, periods=periods)
    return client.post(reverse("offers:edit", args=[offer.pk]), data)


def test_changing_places_keeps_the_period_and_its_applications(client, accepted):
    offer, application, employer, week = accepted
    period_pk = application.period_id
    later = next_week(weeks_ahead=6)
    response = _edit(client, employer, offer, [(*week, 5), (*later, 2)])
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.period_id == period_pk
    assert sorted(offer.periods.values_list("start", "places")) == [(week[0], 5), (later[0], 2)]


@pytest.mark.parametrize("places", [0, None])
def test_places_given_to_pupils_cannot_be_taken_back(client, accepted, places):
    offer, application, employer, week = accepted
    other = next_week(weeks_ahead=6)
    periods = [(*week, places)] if places is not None else [(*other, 2)]
    response = _edit(client, employer, offer, periods)
    assert response.status_code == 200
    if places is None:  # the period was removed: refused with its reason
        assert "a déjà 1 élève(s) accepté(s)" in response.content.decode()
        assert offer.periods.get().pk == application.period_id


def test_a_pupil_accepted_between_validation_and_saving_keeps_the_place(accepted):
    """The editor checks the places taken again once it holds the offer's row lock."""
    from offers.forms import OfferEditor
    from offers.services import PlacesTakenMeanwhile
    from tests.offers_employer.helpers import as_query_dict

    offer, application, employer, week = accepted
    editor = OfferEditor(
        as_query_dict(offer_data(sector_code=offer.sector_id, periods=[(*week, 1)])),
        instance=offer,
    )
    assert editor.is_valid()  # 1 place kept for the 1 pupil accepted so far
    ApplicationFactory(offer=offer, period=application.period, state="accepted")  # meanwhile
    with pytest.raises(PlacesTakenMeanwhile):
        editor.save(actor=employer)
    assert offer.periods.get().places == 3  # nothing written
