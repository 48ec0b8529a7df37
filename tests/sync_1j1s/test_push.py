"""The push against the sandbox: outbox → claim → calls → what the national side holds."""

import pytest

from national_sandbox.models import SandboxOffer
from offers.models import Public, State
from offers.services import move
from sync_1j1s import services
from sync_1j1s.models import OfferSync, Status, SyncIntent
from tests.factories import OfferFactory


def online():
    return {
        o.remote_id: o
        for o in SandboxOffer.objects.filter(discarded_at__isnull=True, published_at__isnull=False)
    }


def test_approval_puts_the_offer_online_at_once(sandbox):
    offer = OfferFactory(state=State.SUBMITTED, publics=[Public.TROISIEME, Public.SECONDE])

    move(offer, "approve")  # eager Celery: the task runs on commit

    held = online()
    assert set(held) == {f"stages-bfc-{offer.pk}-college", f"stages-bfc-{offer.pk}-seconde"}
    assert held[f"stages-bfc-{offer.pk}-seconde"].data["grades"] == ["seconde"]
    assert held[f"stages-bfc-{offer.pk}-college"].data["grades"] == ["troisieme"]
    assert OfferSync.objects.get(pk=offer.pk).status == Status.ONLINE
    assert not SyncIntent.objects.pending().exists()


def test_lifecycle_unpublish_republish_delete(sandbox):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    rid = f"stages-bfc-{offer.pk}-seconde"
    move(offer, "mark_filled")
    assert rid not in online()
    assert SandboxOffer.objects.get(remote_id=rid).discarded_at is None
    move(offer, "reopen")
    assert rid in online()
    move(offer, "withdraw")
    move(offer, "archive")
    assert SandboxOffer.objects.get(remote_id=rid).discarded_at is not None
    assert OfferSync.objects.get(pk=offer.pk).status == Status.DELETED


def test_not_concerned_offers_write_no_intent(sandbox):
    offer = OfferFactory(state=State.SUBMITTED, publics=[Public.POST_BAC])
    move(offer, "approve")
    assert not SyncIntent.objects.exists()


def test_without_url_intents_wait_then_go(sandbox, settings):
    url = settings.NATIONAL_API_URL
    settings.NATIONAL_API_URL = ""
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    assert SyncIntent.objects.pending().count() == 1
    assert not SandboxOffer.objects.exists()

    settings.NATIONAL_API_URL = url
    services.drain()
    assert set(online()) == {f"stages-bfc-{offer.pk}-seconde"}


@pytest.mark.parametrize("fault", ["error_rate", "drop_rate", "stored_then_500_rate"])
def test_faults_never_lose_or_duplicate(sandbox, fast_retries, fault):
    setattr(sandbox.config, fault, 0.5)
    sandbox.config.save()
    offers = [OfferFactory(state=State.SUBMITTED) for _ in range(5)]
    for offer in offers:
        move(offer, "approve")
    services.drain()
    assert set(online()) == {f"stages-bfc-{o.pk}-seconde" for o in offers}
    assert SandboxOffer.objects.count() == 5


def test_delete_from_the_admin_targets_the_deleted_offer(sandbox, monkeypatch):
    """The admin deletes inside transaction.atomic(): the on-commit push must know the id."""
    from django.db import transaction

    from offers.models import Offer

    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    rid = f"stages-bfc-{offer.pk}-seconde"
    assert rid in online()
    offer_id = offer.pk
    queued = []
    enqueue = services.enqueue
    monkeypatch.setattr(
        services, "enqueue", lambda pk, **kw: (queued.append(pk), enqueue(pk, **kw))
    )

    with transaction.atomic():  # as ModelAdmin.delete_view does
        Offer.objects.get(pk=offer_id).delete()

    assert queued == [offer_id]
    intent = SyncIntent.objects.get(offer_id=offer_id, action="delete")
    assert intent.processed_at is not None and intent.outcome == SyncIntent.Outcome.SENT
    assert SandboxOffer.objects.get(remote_id=rid).discarded_at is not None
    assert OfferSync.objects.get(pk=offer_id).status == Status.DELETED
