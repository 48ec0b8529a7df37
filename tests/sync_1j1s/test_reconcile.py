"""Reconciliation reads the listing as the platform shows it and repairs real differences."""

import datetime
import time

from national_sandbox.models import SandboxCall, SandboxOffer
from offers.models import Offer, Public, State
from offers.services import move
from sync_1j1s import ratelimit, reconcile, services
from sync_1j1s.client import NationalClient
from sync_1j1s.models import OfferSync, RateCall, RemoteOffer, RemoteState, Status, SyncIntent
from tests.factories import OfferFactory, OrganisationFactory


def _published(count):
    organisation = OrganisationFactory()
    kinds = [[Public.TROISIEME], [Public.SECONDE]]
    return [
        OfferFactory(
            state=State.PUBLISHED,
            organisation=organisation,
            publics=kinds[i % 2],
            title=f"Stage n° {i}",
            published_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC),
        )
        for i in range(count)
    ]


def test_95_offers_four_pages_exactly_the_two_that_differ_are_repaired(sandbox):
    sandbox.config.rate_limit = 10_000  # 95 creates in a few seconds: not the limiter's test
    sandbox.config.save()
    offers = _published(95)  # published without the services: nothing recorded yet
    assert not SyncIntent.objects.exists()
    found = reconcile.differences()
    assert len(found) == 95 and {d.what for d in found} == {"jamais envoyée"}
    assert reconcile.repair(found) == 95  # eager: each pushed on commit
    assert SandboxOffer.objects.filter(published_at__isnull=False).count() == 95
    assert reconcile.differences() == []

    changed = SandboxOffer.objects.get(remote_id=f"stages-bfc-{offers[3].pk}-seconde")
    changed.data["title"] = "Titre changé sur la plateforme"
    changed.save()
    SandboxOffer.objects.filter(remote_id=f"stages-bfc-{offers[8].pk}-college").delete()
    writes = dict(SandboxOffer.objects.values_list("remote_id", "writes"))
    time.sleep(0.5)  # the sandbox logs a call just after answering it
    SandboxCall.objects.all().delete()
    RateCall.objects.all().delete()

    found = reconcile.differences()
    assert (
        SandboxCall.objects.filter(method="GET", path__endswith="/internship_offers").count() == 4
    )
    assert RateCall.objects.filter(service="offers:reconcile").count() == 4  # its own share
    assert sorted(found, key=lambda d: d.remote_id) == sorted(
        [
            reconcile.Difference(
                f"stages-bfc-{offers[3].pk}-seconde", "différente : title", RemoteState.UNKNOWN
            ),
            reconcile.Difference(
                f"stages-bfc-{offers[8].pk}-college",
                "absente de la liste nationale",
                RemoteState.MISSING,
            ),
        ],
        key=lambda d: d.remote_id,
    )
    assert reconcile.repair(found) == 2
    after = dict(SandboxOffer.objects.values_list("remote_id", "writes"))
    touched = {rid for rid in after if after[rid] != writes.get(rid)}
    assert touched == {f"stages-bfc-{offers[3].pk}-seconde", f"stages-bfc-{offers[8].pk}-college"}
    assert SandboxOffer.objects.get(remote_id=changed.remote_id).data["title"] == "Stage n° 3"
    assert reconcile.differences() == []


def test_what_the_listing_cannot_show_is_not_a_difference(sandbox):
    offer = OfferFactory(state=State.SUBMITTED, publics=[Public.TROISIEME])
    move(offer, "approve")
    remote = SandboxOffer.objects.get()
    remote.data["max_candidates"] = 99
    remote.data["sector_uuid"] = "s3"
    remote.save()
    assert reconcile.differences() == []
    move(offer, "mark_filled")  # unpublished: still listed, without its publication state
    assert SandboxOffer.objects.get().published_at is None
    assert reconcile.differences() == []


def test_a_patch_200_on_a_deleted_offer_does_not_mark_it_online(sandbox):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    rid = f"stages-bfc-{offer.pk}-seconde"
    SandboxOffer.objects.update(discarded_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))
    Offer.objects.filter(pk=offer.pk).update(title="Titre modifié")
    move(offer, "resubmit_after_edit")
    move(offer, "approve")  # PATCH answers 200 on the deleted offer
    assert SandboxOffer.objects.get().data["title"] == "Titre modifié"
    assert SandboxOffer.objects.get().discarded_at is not None

    found = reconcile.differences()
    assert [tuple(d) for d in found] == [(rid, "absente de la liste nationale")]
    reconcile.repair(found)
    remote = RemoteOffer.objects.get(remote_id=rid)
    assert remote.state == RemoteState.DELETED
    row = OfferSync.objects.get(pk=offer.pk)
    assert row.status == Status.FAILED and "supprimée définitivement" in row.message
    assert reconcile.differences() == []  # known deleted: nothing more to repair


def test_the_reconciliation_keeps_to_its_share_of_the_budget(transactional_db):
    for _ in range(3):
        assert ratelimit.try_acquire(3, "offers:reconcile") == 0
    assert ratelimit.try_acquire(3, "offers:reconcile") > 0
    assert ratelimit.try_acquire(3, "offers") == 0  # the pushes still have their budget
    assert ratelimit.try_acquire(3, "sectors") == 0


def test_the_client_follows_next_page_urls_on_its_own_base(sandbox):
    client = NationalClient()
    assert client._relative("https://elsewhere.example/api/v2/internship_offers?page=3") == (
        "/internship_offers?page=3"
    )
    assert list(client.pages()) == [[]]


def test_seed_demo_queues_its_published_offers(sandbox, reference_data):
    from demo.offers import seed_offers

    seed_offers(40, seed=3)
    published = Offer.objects.published().filter(
        publics__overlap=[Public.QUATRIEME, Public.TROISIEME, Public.SECONDE]
    )
    assert published.exists()
    assert set(SyncIntent.objects.values_list("offer_id", flat=True)) == set(
        published.values_list("pk", flat=True)
    )
    services.drain()
    assert SandboxOffer.objects.filter(published_at__isnull=False).exists()
