"""Withdrawing an offer asks first, on its own page (no JavaScript), says what it does to the
pupils who applied, and does it: waiting applications closed with a message, placements kept."""

import pytest
from django.core import mail
from django.urls import reverse

from offers.models import State
from placements.models import AppState
from tests.factories import EmployerFactory, OfferFactory
from tests.placements.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    return OfferFactory(state=State.PUBLISHED, title="Stage au fournil")


@pytest.fixture
def host(client, offer):
    member = EmployerFactory(organisation=offer.organisation)
    client.force_login(member)
    return member


def test_the_manage_page_links_to_the_confirmation_instead_of_withdrawing(client, host, offer):
    page = client.get(reverse("offers:manage", args=[offer.pk])).content.decode()
    assert f'href="{reverse("offers:withdraw", args=[offer.pk])}"' in page
    assert f'action="{reverse("offers:action", args=[offer.pk, "withdraw"])}"' not in page


def test_the_confirmation_page_counts_what_happens_to_pupils(client, host, offer):
    ApplicationFactory(offer=offer)
    ApplicationFactory(offer=offer)
    ApplicationFactory(offer=offer, state=AppState.CONFIRMED)
    ApplicationFactory(offer=offer, state=AppState.DECLINED)
    response = client.get(reverse("offers:withdraw", args=[offer.pk]))
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "2 candidatures en attente de réponse</strong> : elles sont closes" in page
    assert "1 stage accepté ou confirmé</strong> : il reste prévu" in page
    assert '<form method="post"' in page  # a plain form: works without JavaScript
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED  # reading the page changes nothing


def test_without_applications_the_page_says_nobody_is_told(client, host, offer):
    page = " ".join(
        client.get(reverse("offers:withdraw", args=[offer.pk])).content.decode().split()
    )
    assert "Aucune candidature n'attend votre réponse" in page
    assert "Aucun stage accepté ou confirmé" in page


def test_confirming_withdraws_closes_waiting_applications_and_keeps_placements(
    client, host, offer, django_capture_on_commit_callbacks
):
    waiting = ApplicationFactory(offer=offer)
    confirmed = ApplicationFactory(offer=offer, state=AppState.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("offers:withdraw", args=[offer.pk]))
    assert response.url == reverse("offers:manage", args=[offer.pk])
    offer.refresh_from_db()
    waiting.refresh_from_db()
    confirmed.refresh_from_db()
    assert offer.state == State.WITHDRAWN
    assert offer.transitions.get().actor == host
    assert waiting.state == AppState.DECLINED
    assert "a retiré cette offre du site" in waiting.answer
    assert confirmed.state == AppState.CONFIRMED
    to_pupil = [m for m in mail.outbox if m.to == [waiting.pupil.email]]
    assert len(to_pupil) == 1
    assert to_pupil[0].subject.endswith(
        f"Offre retirée : « {offer.title} » ne prend plus de candidatures"
    )
    body = to_pupil[0].body
    assert f"{offer.organisation.name} a retiré son offre « {offer.title} » du site" in body
    assert "Ce n'est pas un refus de votre candidature" in body
    assert "a refusé" not in body and "refusée" not in to_pupil[0].subject
    assert reverse("search:offers") in body  # where to apply elsewhere
    html = to_pupil[0].alternatives[0][0]
    assert "a retiré son offre" in html and "a refusé" not in html


def test_the_old_action_url_asks_for_confirmation_first(client, host, offer):
    response = client.post(reverse("offers:action", args=[offer.pk, "withdraw"]))
    assert response.url == reverse("offers:withdraw", args=[offer.pk])
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_offer_that_cannot_be_withdrawn_is_explained(client, host, method):
    draft = OfferFactory(state=State.DRAFT, organisation=host.membership.organisation)
    response = getattr(client, method)(reverse("offers:withdraw", args=[draft.pk]), follow=True)
    assert "ne peut pas être retirée" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_another_organisations_offer_is_a_404(client, offer):
    client.force_login(EmployerFactory())
    assert client.get(reverse("offers:withdraw", args=[offer.pk])).status_code == 404
    assert client.post(reverse("offers:withdraw", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED


def test_an_offer_waiting_for_moderation_is_told_it_leaves_the_queue(client, host, offer):
    offer.__class__.objects.filter(pk=offer.pk).update(state=State.SUBMITTED)
    page = " ".join(
        client.get(reverse("offers:withdraw", args=[offer.pk])).content.decode().split()
    )
    assert "elle quitte la file de modération de la Région" in page
    assert "disparaît de la recherche" not in page
