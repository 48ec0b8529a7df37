"""The payload: one per track, national limits, the seconde weeks, inexpressible offers."""

import datetime

import pytest

from offers.models import Public, State
from reference.periods import coming_seconde_period, iso_week
from sync_1j1s.mapping import Held, Inexpressible, cut, payload, remote_id, tracks_of
from tests.factories import OfferFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
NEXT = coming_seconde_period(datetime.date.today())
WEEK = datetime.timedelta(days=7)


def test_cut_at_a_word_boundary():
    assert cut("court", 10) == "court"
    assert cut("un deux trois quatre", 12) == "un deux…"
    assert len(cut("mot " * 500, 1500)) <= 1500
    assert cut("x" * 20, 10) == "x" * 9 + "…"


def test_college_and_seconde_become_two_national_offers():
    offer = OfferFactory(
        state=State.PUBLISHED,
        publics=[Public.QUATRIEME, Public.TROISIEME, Public.SECONDE, Public.POST_BAC],
    )
    assert tracks_of(offer) == ["college", "seconde"]
    college, seconde = payload(offer, "college"), payload(offer, "seconde")
    assert college["grades"] == ["quatrieme", "troisieme"]
    assert seconde["grades"] == ["seconde"]
    assert college["remote_id"] != seconde["remote_id"] == remote_id(offer.pk, "seconde")
    assert seconde["weeks"] == NEXT.iso_weeks


def test_payload_fields_follow_the_contract():
    organisation = OrganisationFactory(host_type="local_authority", website="https://ville.fr")
    offer = OfferFactory(
        organisation=organisation,
        title="T" * 150,
        description="mot " * 600,
        accessible=True,
        hours_start=datetime.time(8, 30),
        hours_end=datetime.time(17),
        lunch_break="1 h",
    )
    body = payload(offer, "seconde")
    assert body["permalink"] == f"https://stages.bfc.example/offres/{offer.pk}/"
    assert body["is_public"] is True
    assert body["handicap_accessible"] is True
    assert body["daily_hours"]["lundi"] == ["08:30", "17:00"]
    assert set(body["daily_hours"]) == {"lundi", "mardi", "mercredi", "jeudi", "vendredi"}
    assert len(body["description"]) <= 1500 and body["description"].endswith("…")
    assert body["coordinates"] == {"latitude": 47.238, "longitude": 6.0243}
    assert body["zipcode"] == "25000" and body["sector_uuid"] == "s28"
    assert body["max_candidates"] == 2
    assert body["employer_website"] == "https://ville.fr"


def test_seconde_with_one_week_says_which_in_the_description():
    offer = OfferFactory(periods=[(NEXT.start, NEXT.start + datetime.timedelta(days=4), 3)])
    body = payload(offer, "seconde")
    assert body["weeks"] == NEXT.iso_weeks  # both mandatory weeks are still listed
    assert body["description"].startswith("Stage proposé uniquement la première des deux semaines")


def test_college_weeks_are_iso_weeks_of_the_periods():
    start = NEXT.start - 3 * WEEK  # a Monday of the same school year
    offer = OfferFactory(
        publics=[Public.TROISIEME], periods=[(start, start + datetime.timedelta(days=11), 4)]
    )
    assert payload(offer, "college")["weeks"] == [iso_week(start), iso_week(start + WEEK)]


def test_college_weeks_of_a_later_school_year_are_held_until_1_july():
    start = datetime.date(2031, 1, 6)  # a Monday of school year 2031
    offer = OfferFactory(
        publics=[Public.TROISIEME], periods=[(start, start + datetime.timedelta(days=11), 4)]
    )
    with pytest.raises(Held) as held:
        payload(offer, "college", today=datetime.date(2027, 6, 30))
    assert held.value.release_on == datetime.date(2030, 7, 1)
    assert held.value.reason == "sera envoyée le 1er juillet 2030"


def test_only_the_current_school_years_weeks_are_sent():
    july = datetime.date(2027, 7, 5)  # school year 2028
    offer = OfferFactory(
        publics=[Public.TROISIEME],
        periods=[(datetime.date(2027, 6, 7), datetime.date(2027, 6, 11), 2), (july, july, 3)],
    )
    body = payload(offer, "college", today=datetime.date(2027, 6, 30))
    assert body["weeks"] == ["2027-W23"] and body["max_candidates"] == 2
    body = payload(offer, "college", today=datetime.date(2027, 7, 1))
    assert body["weeks"] == ["2027-W27"] and body["max_candidates"] == 3


def test_a_seconde_offer_of_a_later_year_is_held():
    from reference.periods import seconde_period

    period = seconde_period(2028)
    offer = OfferFactory(periods=[(period.start, period.end, 2)])
    with pytest.raises(Held, match="1er juillet 2027"):
        payload(offer, "seconde", today=datetime.date(2027, 6, 30))
    assert payload(offer, "seconde", today=datetime.date(2027, 7, 1))["weeks"] == [
        "2028-W25",
        "2028-W26",
    ]


def test_a_street_over_200_characters_is_not_sent_cut():
    offer = OfferFactory(street="1 " + "r" * 199)  # 201 characters
    with pytest.raises(Inexpressible, match=r"201 caractères.*200 au plus"):
        payload(offer, "seconde")
    offer.street = "1 " + "r" * 198
    assert payload(offer, "seconde")["street"] == offer.street


def test_seconde_outside_the_national_weeks_is_inexpressible():
    offer = OfferFactory(periods=[(datetime.date(2031, 3, 3), datetime.date(2031, 3, 7), 1)])
    with pytest.raises(Inexpressible, match="deux semaines nationales"):
        payload(offer, "seconde")


def test_a_permalink_with_test_in_it_is_not_sent(settings):
    settings.SITE_URL = "https://test.stages-bfc.fr"
    with pytest.raises(Inexpressible, match="SITE_URL"):
        payload(OfferFactory(), "seconde")
