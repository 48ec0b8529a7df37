"""Renewing an offer of a past school year in one step: a copy whose periods are moved to a
coming year (the national seconde weeks of that year, the other periods on the same
weekdays), sent to moderation; the dashboard proposes it for every past-year offer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer, Public, State
from offers.services import duplicate
from reference import periods
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in

from .conftest import messages_of, text_of

pytestmark = pytest.mark.django_db


def _past_year_spans():
    """A seconde week and a Tuesday-to-Thursday span of the school year before this one."""
    year = periods.school_year_containing(timezone.localdate()) - 1
    seconde = periods.seconde_period(year).options()["week1"]
    november = datetime.date(year - 1, 11, 1)
    tuesday = november + datetime.timedelta(days=(1 - november.weekday()) % 7)
    return [(*seconde, 4), (tuesday, tuesday + datetime.timedelta(days=2), 2)]


@pytest.fixture
def host(client, employer):
    client.force_login(employer)
    return client


@pytest.fixture
def past_offer(employer):
    return OfferFactory(
        organisation=employer.membership.organisation,
        state=State.EXPIRED,
        publics=[Public.SECONDE, Public.TROISIEME],
        periods=_past_year_spans(),
        title="Accueil au fournil",
    )


def test_the_dashboard_proposes_renewal_for_past_year_offers_only(host, employer, past_offer):
    current = OfferFactory(organisation=employer.membership.organisation, state=State.PUBLISHED)
    year, _ = periods.renewal(_past_year_spans(), timezone.localdate())

    response = host.get(reverse("offers:dashboard"))

    page = text_of(response)
    label = periods.school_year_label(year)
    assert f"Renouveler pour {label}" in page
    assert reverse("offers:renew", args=[past_offer.pk]) in page
    assert reverse("offers:renew", args=[current.pk]) not in page
    assert "1 offre d'une année passée peut être renouvelée" in page


def test_renewing_makes_a_submitted_copy_with_the_coming_years_dates(host, past_offer):
    response = host.post(reverse("offers:renew", args=[past_offer.pk]), follow=True)

    copy = Offer.objects.get(duplicated_from=past_offer)
    assert response.redirect_chain[-1][0] == reverse("offers:manage", args=[copy.pk])
    assert "envoyée en modération" in " ".join(messages_of(response))
    assert copy.state == State.SUBMITTED and copy.submitted_at
    assert (copy.title, copy.publics) == (past_offer.title, past_offer.publics)
    today = timezone.localdate()
    seconde, other = sorted(
        copy.periods.values_list("start", "end", "places"), key=lambda span: span[2], reverse=True
    )
    year = periods.school_year_containing(seconde[0])
    assert seconde == (*periods.seconde_period(year).options()["week1"], 4)
    (_, _, _), (old_start, old_end, _) = _past_year_spans()
    assert other[0] > today and other[0].weekday() == old_start.weekday() == 1
    assert other[1] - other[0] == old_end - old_start and other[2] == 2
    assert periods.school_year_containing(other[0]) == year
    assert f"pour {periods.school_year_label(year)}" in copy.transitions.first().message
    # The original is untouched, and the copy waits in the moderators' queue.
    past_offer.refresh_from_db()
    assert past_offer.state == State.EXPIRED and past_offer.periods.count() == 2
    host.logout()
    log_in(host, ModeratorFactory())
    assert copy in host.get(reverse("offers:moderation_queue")).context["offers"]


def test_an_offer_is_renewed_once(host, past_offer):
    host.post(reverse("offers:renew", args=[past_offer.pk]))

    again = host.post(reverse("offers:renew", args=[past_offer.pk]), follow=True)

    assert "déjà été renouvelée" in " ".join(messages_of(again))
    assert Offer.objects.filter(duplicated_from=past_offer).count() == 1
    assert reverse("offers:renew", args=[past_offer.pk]) not in text_of(
        host.get(reverse("offers:dashboard"))
    )


def test_a_duplicate_made_for_next_year_counts_as_renewed(host, employer, past_offer):
    duplicate(past_offer, actor=employer)
    response = host.post(reverse("offers:renew", args=[past_offer.pk]), follow=True)
    assert "déjà été renouvelée ou dupliquée" in " ".join(messages_of(response))


@pytest.mark.parametrize(
    ("state", "spans", "refusal"),
    [
        (State.PUBLISHED, None, "encore des périodes à venir"),
        (State.EXPIRED, [], "aucune période d'accueil"),
        (State.DRAFT, "past", "« brouillon » ne se renouvelle pas"),
    ],
)
def test_what_cannot_be_renewed_is_refused_in_french(host, employer, state, spans, refusal):
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        state=state,
        periods=_past_year_spans() if spans == "past" else spans,
    )
    response = host.post(reverse("offers:renew", args=[offer.pk]), follow=True)
    assert response.status_code == 200
    assert refusal in " ".join(messages_of(response))
    assert not Offer.objects.filter(duplicated_from=offer).exists()


def test_another_organisations_offer_is_a_404(client, past_offer):
    client.force_login(EmployerFactory())
    assert client.post(reverse("offers:renew", args=[past_offer.pk])).status_code == 404
    assert client.get(reverse("offers:renew", args=[past_offer.pk])).status_code in (404, 405)
