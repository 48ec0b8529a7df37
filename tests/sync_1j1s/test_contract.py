"""The worker against the revised contract: the street, French validation messages, the
echo check, deleted offers and PATCH 200, the account that is not an operator."""

import html

from django.urls import reverse

from national_sandbox.models import SandboxCall, SandboxOffer
from offers.models import State
from offers.services import move
from sync_1j1s import mapping, services
from sync_1j1s.models import (
    ConfigurationAlarm,
    OfferSync,
    RemoteOffer,
    RemoteState,
    Status,
    SyncIntent,
)
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in


def _page(client, user, url):
    log_in(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_201_character_street_is_refused_before_sending_in_french(sandbox, client):
    employer = EmployerFactory()
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        state=State.SUBMITTED,
        street="3 rue " + "x" * 195,
    )
    assert len(offer.street) == 201
    move(offer, "approve")
    assert not SandboxCall.objects.filter(method="POST").exists()  # nothing sent
    row = OfferSync.objects.get(pk=offer.pk)
    assert row.status == Status.INEXPRESSIBLE
    page = _page(client, employer, reverse("offers:manage", args=[offer.pk]))
    assert "Non transmissible" in page
    assert "L'adresse du lieu de stage compte 201 caractères" in page


def test_validation_errors_reach_staff_and_host_in_french(sandbox, client, monkeypatch):
    """Should a long street get past the mapping, the platform's refusal is translated."""
    real = mapping.payload

    def long_street(offer, track, today=None):
        return real(offer, track, today) | {"street": "x" * 201, "sector_uuid": "s77"}

    monkeypatch.setattr("sync_1j1s.pusher.payload", long_street)
    employer = EmployerFactory()
    offer = OfferFactory(organisation=employer.membership.organisation, state=State.SUBMITTED)
    move(offer, "approve")
    row = OfferSync.objects.get(pk=offer.pk)
    assert row.status == Status.FAILED
    assert row.error["error"] == {
        "street": ["is too long (maximum is 200 characters)"],
        "sector": ["must exist"],
    }
    expected = (
        "La plateforme nationale refuse l'adresse (trop long : 200 caractères au plus) ; "
        "le secteur (absent de la liste nationale)."
    )
    assert row.message.startswith(expected)
    assert expected in _page(client, employer, reverse("offers:manage", args=[offer.pk]))
    assert expected in _page(client, ModeratorFactory(), reverse("sync_1j1s:dashboard"))


def test_a_dropped_week_is_a_permanent_explained_error(sandbox, monkeypatch):
    real = mapping.payload

    def with_unknown_week(offer, track, today=None):
        body = real(offer, track, today)
        return body | {"weeks": [*body["weeks"], "2099-W40"]}

    monkeypatch.setattr("sync_1j1s.pusher.payload", with_unknown_week)
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    row = OfferSync.objects.get(pk=offer.pk)
    assert row.status == Status.FAILED
    assert "la semaine 2099-W40 n'existe pas sur la plateforme nationale" in row.message
    assert SyncIntent.objects.get().outcome == "failed"  # not retried in a loop
    remote = RemoteOffer.objects.get()
    assert remote.state == RemoteState.ONLINE and remote.payload_hash == ""  # "Relancer" resends


def test_a_deleted_offer_is_never_patched_back_to_online(sandbox):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    RemoteOffer.objects.update(state=RemoteState.DELETED)  # our own record of a DELETE
    patches = SandboxCall.objects.filter(method="PATCH").count()
    services.retry([offer.pk])
    assert SandboxCall.objects.filter(method="PATCH").count() == patches
    row = OfferSync.objects.get(pk=offer.pk)
    assert row.status == Status.FAILED and "supprimée définitivement" in row.message
    assert RemoteOffer.objects.get().state == RemoteState.DELETED


def test_access_denied_raises_the_alarm_once_and_nothing_is_lost(sandbox, client):
    sandbox.config.is_operator = False
    sandbox.config.save()
    offers = [OfferFactory(state=State.SUBMITTED) for _ in range(3)]
    for offer in offers:
        move(offer, "approve")
    services.requeue_stale(stale_after=__import__("datetime").timedelta(0))
    assert ConfigurationAlarm.objects.count() == 1
    denied = SandboxCall.objects.filter(status=401)
    assert denied.count() == 1  # no retry, no loop: the others were not even tried
    assert SyncIntent.objects.pending().count() == 3
    page = _page(client, ModeratorFactory(), reverse("sync_1j1s:dashboard"))
    assert "Alarme de configuration" in page and "pas un compte opérateur" in page

    sandbox.config.is_operator = True
    sandbox.config.save()
    response = client.post(reverse("sync_1j1s:clear_alarm"))
    assert response.status_code == 302
    assert not SyncIntent.objects.pending().exists()
    online = SandboxOffer.objects.filter(published_at__isnull=False, discarded_at__isnull=True)
    assert online.count() == 3
    assert not ConfigurationAlarm.objects.filter(cleared_at__isnull=True).exists()
