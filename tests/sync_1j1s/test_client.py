"""The client's answers to each national status, and the outbox's merging and ordering."""

import time

import pytest
from django.core.cache import cache

from national_sandbox.api import make_token
from national_sandbox.models import SandboxCall, SandboxOffer
from offers.models import Public, State
from offers.services import move
from sync_1j1s import services
from sync_1j1s.client import TOKEN_KEY, NationalClient, Permanent, Transient
from sync_1j1s.models import OfferSync, RemoteOffer, RemoteState, Status, SyncIntent
from tests.factories import OfferFactory


def test_409_on_create_becomes_an_update(sandbox):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    # We lost track of it (as after a lost answer): the next create gets 409, then updates.
    RemoteOffer.objects.update(state=RemoteState.ABSENT, payload_hash="")
    services.retry([offer.pk])
    assert SandboxOffer.objects.get().writes == 2
    assert OfferSync.objects.get().status == Status.ONLINE


def test_404_on_update_becomes_a_create(sandbox):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    SandboxOffer.objects.all().delete()  # gone on the national side
    RemoteOffer.objects.update(payload_hash="")
    services.retry([offer.pk])
    assert SandboxOffer.objects.filter(published_at__isnull=False).count() == 1


def test_delete_of_an_already_deleted_offer_is_done(sandbox):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    SandboxOffer.objects.update(discarded_at="2030-01-01T00:00Z")
    move(offer, "withdraw")  # PATCH → 404: nothing to unpublish
    move(offer, "archive")
    assert not SyncIntent.objects.pending().exists()
    assert OfferSync.objects.get().status in (Status.DELETED, Status.NOTHING)


def test_validation_error_is_permanent_and_explained(sandbox, monkeypatch):
    offer = OfferFactory(state=State.SUBMITTED)
    monkeypatch.setattr(
        "sync_1j1s.pusher.payload",
        lambda offer, track, today=None: {"title": "x", "grades": [], "weeks": []},
    )
    move(offer, "approve")
    row = OfferSync.objects.get()
    assert row.status == Status.FAILED
    assert "La plateforme nationale refuse" in row.message
    assert row.error["code"] == "VALIDATION_ERROR"
    assert SyncIntent.objects.get().outcome == "failed"  # not retried until someone acts


def test_expired_token_is_renewed_once(sandbox):
    # Valid 5 s on the national side, so a slow machine does not see it expire mid-call;
    # the client keeps it 1 s (its lifetime less a 10-s margin, at least 1 s).
    sandbox.config.token_lifetime = 5
    sandbox.config.save()
    client = NationalClient()
    list(client.list_offers())
    # The shared cache drops the token just before it expires (no 401 needed)…
    assert cache.get(TOKEN_KEY)
    time.sleep(1.1)
    assert cache.get(TOKEN_KEY) is None
    # …and a token the platform refuses all the same is renewed once on the 401.
    cache.set(TOKEN_KEY, make_token("operateur@stages-bfc.fr", -5))
    list(client.list_offers())
    assert SandboxCall.objects.filter(path__endswith="/auth/login").count() == 2
    assert SandboxCall.objects.filter(status=401).count() == 1


def test_transient_errors_get_four_attempts_in_all(sandbox):
    """docs/sync.md: 4 attempts in all (the first try and 3 retries), then Transient."""
    sandbox.config.error_rate = 1.0
    sandbox.config.save()
    client = NationalClient(sleep=lambda seconds: None)
    with pytest.raises(Transient):
        list(client.list_offers())
    assert client.calls == 4


def test_wrong_credentials_are_permanent(sandbox):
    with pytest.raises(Permanent):
        list(NationalClient(password="faux").list_offers())


def test_changes_waiting_together_are_merged(sandbox, settings):
    url, settings.NATIONAL_API_URL = settings.NATIONAL_API_URL, ""
    offer = OfferFactory(state=State.SUBMITTED, publics=[Public.TROISIEME])
    move(offer, "approve")
    move(offer, "mark_filled")
    move(offer, "reopen")
    settings.NATIONAL_API_URL = url
    services.drain()
    outcomes = list(SyncIntent.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["merged", "merged", "sent"]
    assert SandboxOffer.objects.get().writes == 1  # one create, nothing else


def test_a_leased_offer_is_not_claimed_twice(sandbox, settings):
    settings.NATIONAL_API_URL = ""
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    row, intents = services.claim(offer.pk)
    assert row and intents
    assert services.claim(offer.pk) == (None, [])


def test_the_limiter_counts_offer_and_sector_calls_apart_and_never_the_login(sandbox):
    from sync_1j1s.models import RateCall

    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")  # a login, then a create
    NationalClient().sectors()
    logins = SandboxCall.objects.filter(path__endswith="/auth/login").count()
    offer_calls = SandboxCall.objects.filter(path__contains="/internship_offers").count()
    assert logins >= 1 and offer_calls == 1
    counted = sorted(RateCall.objects.values_list("service", flat=True))
    assert counted == ["offers", "sectors"]
