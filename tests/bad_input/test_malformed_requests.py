"""Malformed offer POSTs: garbled counters, odd URLs, unknown actions."""

import datetime
import re

import pytest
from django.urls import reverse

from offers.models import Offer, OfferTransition, State
from tests.bad_input.checks import (
    HUGE,
    assert_refused,
)
from tests.factories import (
    OfferFactory,
)
from tests.offers_employer.helpers import next_week, offer_data

pytestmark = pytest.mark.django_db


# --- Malformed offer POSTs ----------------------------------------------------------------


def _without(data, *names):
    return {key: value for key, value in data.items() if key not in names}


COUNTERS = ("periodes-TOTAL_FORMS", "periodes-INITIAL_FORMS")
COUNTER_CASES = {
    "missing": lambda data: _without(data, *COUNTERS),
    "missing total": lambda data: _without(data, "periodes-TOTAL_FORMS"),
    "not numbers": lambda data: data | {COUNTERS[0]: "abc", COUNTERS[1]: "\x00"},
    "huge": lambda data: data | {COUNTERS[0]: "1" * HUGE},
    "100000 rows": lambda data: data | {COUNTERS[0]: "100000"},
    "negative": lambda data: data | {COUNTERS[0]: "-1"},
}


@pytest.mark.parametrize("case", COUNTER_CASES)
def test_garbled_period_counters_still_read_the_rows_sent(employer_client, case):
    """The rows typed are validated and kept, and the page comes back with sane counters."""
    data = COUNTER_CASES[case](offer_data(title=""))
    response = employer_client.post(reverse("offers:create"), data)
    assert_refused(response, "id_title", "Donnez un intitulé à l'offre.")
    content = response.content.decode()
    start, end = next_week()
    assert f'value="{start.isoformat()}"' in content and f'value="{end.isoformat()}"' in content
    assert re.search(r'name="periodes-TOTAL_FORMS" value="3"', content)
    # Fixed, the same page saves.
    response = employer_client.post(reverse("offers:create"), COUNTER_CASES[case](offer_data()))
    assert response.status_code == 302
    assert Offer.objects.get().periods.count() == 1


def test_seven_period_rows_are_refused_in_french(employer_client):
    start, end = next_week()
    rows = [
        (start + datetime.timedelta(weeks=i), end + datetime.timedelta(weeks=i), 1)
        for i in range(7)
    ]
    data = _without(offer_data(periods=rows), *COUNTERS)
    response = employer_client.post(reverse("offers:create"), data)
    assert response.status_code == 200
    assert "Indiquez 6 périodes au plus." in response.content.decode()
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/espace/offres/abc/",
        "/espace/offres/abc/modifier/",
        "/espace/offres/-1/",
        "/espace/offres/99999999999999999999/",
        "/espace/offres/99999999999999999999/modifier/",
        "/offres/abc/",
        "/offres/99999999999999999999/",
        "/espace/offres/%00/",
        "/espace/structure/invitation/%00abc/",
        "/espace/structure/invitation/" + "a" * HUGE + "/",
    ],
)
def test_malformed_urls_are_404(employer_client, url):
    assert employer_client.get(url).status_code == 404


@pytest.mark.parametrize("action", ["supprimer", "approve", "publish", "%00", "a" * 1000])
def test_unknown_or_forbidden_employer_action_is_404_and_changes_nothing(
    employer_client, employer, action
):
    offer = OfferFactory(organisation=employer.membership.organisation, state=State.SUBMITTED)
    response = employer_client.post(f"/espace/offres/{offer.pk}/{action}/")
    assert response.status_code == 404
    assert Offer.objects.get(pk=offer.pk).state == State.SUBMITTED
    assert not OfferTransition.objects.exists()


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "x" * HUGE, "<script>", "75"])
def test_commune_suggestions_never_fail(employer_client, query):
    response = employer_client.get(reverse("reference:commune_suggestions"), {"q": query})
    assert response.status_code == 200
    assert response.json() == {"results": []}
