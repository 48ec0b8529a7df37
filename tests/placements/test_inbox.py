"""The host's inbox: every application of the organisation, waiting first and oldest first,
filtered, answered from there; the dashboard's waiting counts."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import State as OfferState
from placements.models import AppState, DeclineReason
from tests.factories import EmployerFactory, OfferFactory

from .factories import ApplicationFactory, enrolled_pupil

pytestmark = pytest.mark.django_db

INBOX = reverse("placements:inbox")


def text(response):
    return html.unescape(response.content.decode())


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def offer():
    return OfferFactory(state=OfferState.PUBLISHED, title="Boulangerie du Pont")


@pytest.fixture
def member_client(client, offer):
    client.force_login(EmployerFactory(organisation=offer.organisation))
    return client


def _names_in_order(page):
    return re.findall(r"<h2>\s*(\w+) \w\.", page)


def test_waiting_first_oldest_first_and_only_the_organisations(member_client, offer):
    ApplicationFactory(
        offer=offer, pupil=enrolled_pupil(first_name="Accepté"), state=AppState.ACCEPTED
    )
    ApplicationFactory(
        offer=offer, pupil=enrolled_pupil(first_name="Récent"), created_at=days_ago(1)
    )
    ApplicationFactory(
        offer=offer, pupil=enrolled_pupil(first_name="Ancien"), created_at=days_ago(9)
    )
    ApplicationFactory(
        offer=offer, pupil=enrolled_pupil(first_name="Refusé"), state=AppState.DECLINED
    )
    # Another organisation's offer, with an application waiting longer than all.
    ApplicationFactory(pupil=enrolled_pupil(first_name="Ailleurs"), created_at=days_ago(12))

    page = text(member_client.get(INBOX))

    assert _names_in_order(page) == ["Ancien", "Récent", "Accepté", "Refusé"]
    assert "2 candidatures attendent votre réponse." in page
    assert "Attend votre réponse depuis 9 jours." in page
    assert "Ailleurs" not in page


def test_filters_by_offer_period_and_state(member_client, offer):
    other_offer = OfferFactory(
        organisation=offer.organisation,
        state=OfferState.PUBLISHED,
        title="Fournil de nuit",
        periods=[(datetime.date(2027, 2, 1), datetime.date(2027, 2, 5), 3)],
    )
    ApplicationFactory(offer=offer, pupil=enrolled_pupil(first_name="Alice"))
    ApplicationFactory(offer=other_offer, pupil=enrolled_pupil(first_name="Bruno"))
    ApplicationFactory(
        offer=other_offer, pupil=enrolled_pupil(first_name="Chloé"), state=AppState.DECLINED
    )

    by_offer = text(member_client.get(INBOX, {"offre": other_offer.pk}))
    assert _names_in_order(by_offer) == ["Bruno", "Chloé"]

    by_period = text(member_client.get(INBOX, {"periode": "2027-02-01_2027-02-05"}))
    assert _names_in_order(by_period) == ["Bruno", "Chloé"]
    assert "du 1er au 5 février 2027" in by_period  # the period's choice, in French

    by_state = text(member_client.get(INBOX, {"etat": AppState.SUBMITTED}))
    assert _names_in_order(by_state) == ["Alice", "Bruno"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"offre": "999999"}, "Cette offre n'est pas dans la liste"),
        ({"offre": "abc"}, "Cette offre n'est pas dans la liste"),
        ({"periode": "2027-13-45_x"}, "Cette période n'est pas dans la liste"),
        ({"etat": "<script>"}, "Cet état n'est pas dans la liste"),
        ({"page": "9999"}, ""),
    ],
)
def test_bad_filters_are_a_french_message_not_a_500(member_client, offer, params, message):
    ApplicationFactory(offer=offer)

    response = member_client.get(INBOX, params)

    assert response.status_code == 200
    assert message in text(response)
    assert "Camille" in text(response)  # the bad filter is dropped, the list still shows


def test_another_organisations_offer_is_not_a_filter_choice(member_client, offer):
    theirs = ApplicationFactory()
    ApplicationFactory(offer=offer)

    response = member_client.get(INBOX, {"offre": theirs.offer_id})

    assert "Cette offre n'est pas dans la liste" in text(response)


def test_accept_from_the_inbox_comes_back_to_its_filters(member_client, offer, mailoutbox):
    application = ApplicationFactory(offer=offer)
    back = f"{INBOX}?offre={offer.pk}"

    response = member_client.post(
        reverse("placements:employer_action", args=[application.pk, "accept"]),
        {"message": "À lundi, 8 h.", "suivant": back},
    )

    assert response.status_code == 302
    assert response.url == back
    application.refresh_from_db()
    assert (application.state, application.answer) == (AppState.ACCEPTED, "À lundi, 8 h.")


@pytest.mark.parametrize("suivant", ["https://phishing.example/espace/candidatures/", "/admin/"])
def test_a_foreign_return_address_is_ignored(member_client, offer, suivant):
    application = ApplicationFactory(offer=offer)

    response = member_client.post(
        reverse("placements:employer_action", args=[application.pk, "accept"]),
        {"suivant": suivant},
    )

    assert response.url == reverse("placements:offer_applications", args=[offer.pk])


def test_decline_with_a_reason_tells_the_pupil_the_reason(
    member_client, offer, mailoutbox, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(offer=offer)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("placements:employer_action", args=[application.pk, "decline"]),
            {
                "reason": DeclineReason.NO_PLACE,
                "message": "Revenez l'an prochain !",
                "suivant": INBOX,
            },
        )

    assert response.url == INBOX
    application.refresh_from_db()
    assert application.state == AppState.DECLINED
    assert application.decline_reason == DeclineReason.NO_PLACE
    (mail,) = [m for m in mailoutbox if application.pupil.email in m.to]
    assert "Motif : Plus de place sur cette période." in mail.body
    assert "Revenez l'an prochain !" in mail.body


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"message": "Désolé, c'est complet."}, "Choisissez le motif du refus dans la liste."),
        ({"reason": "rude", "message": "Désolé"}, "Choisissez le motif du refus dans la liste."),
        ({"reason": DeclineReason.OTHER}, "Précisez la raison du refus pour l'élève."),
        ({"reason": DeclineReason.DATES, "message": "x" * 1001}, "dépasse 1 000 caractères"),
    ],
)
def test_a_refusal_without_a_reason_is_shown_again_with_what_was_typed(
    member_client, offer, data, error
):
    application = ApplicationFactory(offer=offer)

    response = member_client.post(
        reverse("placements:employer_action", args=[application.pk, "decline"]),
        {**data, "suivant": INBOX},
    )

    assert response.status_code == 200
    page = text(response)
    assert error in page
    if data.get("message") and len(data["message"]) <= 1000:
        assert data["message"] in page  # nothing typed is lost
    application.refresh_from_db()
    assert application.state == AppState.SUBMITTED


def test_answering_an_application_answered_meanwhile_says_so(member_client, offer):
    application = ApplicationFactory(offer=offer, state=AppState.WITHDRAWN)

    response = member_client.post(
        reverse("placements:employer_action", args=[application.pk, "decline"]),
        {"suivant": INBOX},
        follow=True,
    )

    assert "n'attend plus de réponse" in text(response)


def test_inbox_queries_do_not_grow_with_applications(
    member_client, offer, django_assert_max_num_queries
):
    for _ in range(12):
        ApplicationFactory(offer=offer)
    with django_assert_max_num_queries(14):
        assert member_client.get(INBOX).status_code == 200


def test_dashboard_shows_waiting_applications_and_the_oldest_age(member_client, offer):
    ApplicationFactory(offer=offer, created_at=days_ago(9))
    ApplicationFactory(offer=offer, created_at=days_ago(2))
    ApplicationFactory(offer=offer, state=AppState.ACCEPTED, created_at=days_ago(20))
    quiet = OfferFactory(
        organisation=offer.organisation, state=OfferState.PUBLISHED, title="Sans candidature"
    )

    page = text(member_client.get(reverse("offers:dashboard")))

    assert "2 candidatures en attente" in page
    assert "la plus ancienne depuis 9 jours" in page
    assert "Candidatures reçues (2 en attente)" in page
    assert f"?offre={offer.pk}&etat=submitted" in page
    assert f"?offre={quiet.pk}" not in page
    # The places are still counted once per period (the counts join nothing).
    assert "(2 offres, 4 places)" in page


def test_the_waiting_state_offers_counts_is_placements_submitted():
    from offers.places import WAITING_STATE

    assert WAITING_STATE == AppState.SUBMITTED
