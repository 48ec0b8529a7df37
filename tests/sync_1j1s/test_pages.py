"""What people see: the national status in French, the staff page, retry, the command."""

import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from offers.models import Public, State
from offers.services import move
from sync_1j1s.models import OfferSync, Status, SyncIntent
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db


def _page(client, user, url):
    log_in(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_employer_sees_waiting_then_failure_reason(client):
    employer = EmployerFactory()
    offer = OfferFactory(organisation=employer.membership.organisation, state=State.SUBMITTED)
    move(offer, "approve")  # NATIONAL_API_URL is empty in tests: the change waits
    page = _page(client, employer, reverse("offers:manage", args=[offer.pk]))
    assert "En attente d'envoi" in page
    assert "n'est pas encore configuré" in page

    SyncIntent.objects.update(processed_at="2030-01-01T00:00Z")
    OfferSync.objects.update(
        status=Status.FAILED, message="La plateforme nationale refuse l'intitulé (trop long)."
    )
    page = _page(client, employer, reverse("offers:manage", args=[offer.pk]))
    assert "Refusée par la plateforme nationale" in page
    assert "l'intitulé (trop long)" in page


def test_offer_for_other_publics_is_not_concerned(client):
    employer = EmployerFactory()
    offer = OfferFactory(organisation=employer.membership.organisation, publics=[Public.POST_BAC])
    page = _page(client, employer, reverse("offers:manage", args=[offer.pk]))
    assert "Non concernée" in page


def test_moderator_review_shows_status_and_staff_page_retries(client):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    SyncIntent.objects.update(processed_at="2030-01-01T00:00Z")
    OfferSync.objects.update(status=Status.INEXPRESSIBLE, message="Aucune période d'accueil.")
    moderator = ModeratorFactory()
    assert "Non transmissible" in _page(
        client, moderator, reverse("offers:moderation_review", args=[offer.pk])
    )
    page = _page(client, moderator, reverse("sync_1j1s:dashboard"))
    assert "Aucune période d'accueil." in page and "Tout relancer" in page

    response = client.post(reverse("sync_1j1s:retry_all"))
    assert response.status_code == 302
    assert SyncIntent.objects.pending().filter(action="retry").count() == 1


def test_command_status_and_dry_run(capsys):
    offer = OfferFactory(state=State.SUBMITTED, publics=[Public.TROISIEME, Public.SECONDE])
    move(offer, "approve")
    call_command("sync_1j1s", "--status")
    assert "En attente : 1 offre(s), 1 modification(s)" in capsys.readouterr().out
    call_command("sync_1j1s", "--dry-run")
    out = capsys.readouterr().out
    assert f'"remote_id": "stages-bfc-{offer.pk}-college"' in out
    assert f'"remote_id": "stages-bfc-{offer.pk}-seconde"' in out
    assert SyncIntent.objects.pending().count() == 1  # a dry run sends nothing


def test_staff_page_lists_failures_of_offers_deleted_for_good(client):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    offer_id = offer.pk
    offer.delete()  # admin: the sync row outlives the offer, to delete it nationally
    SyncIntent.objects.update(processed_at="2030-01-01T00:00Z")
    OfferSync.objects.filter(pk=offer_id).update(
        status=Status.FAILED, message="Suppression refusée.", attempts=2
    )
    page = _page(client, ModeratorFactory(), reverse("sync_1j1s:dashboard"))
    assert "Échecs (1)" in page
    assert f"n° {offer_id}" in page and "Suppression refusée." in page
    assert f"Offre n° {offer_id} : 2 essais en échec" in page
