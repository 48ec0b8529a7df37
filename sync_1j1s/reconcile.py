"""Compare the account's national offers with what should be online, and repair.

Repairing means correcting what we believe of each national offer (`RemoteOffer.state`)
from what the national side actually shows, then recording an intent for each offer that
differs: the ordinary push then brings it in line.
"""

from django.db import transaction

from offers.models import Offer

from .mapping import Inexpressible, payload, remote_id, tracks_of
from .models import OfferSync, RemoteOffer, RemoteState, SyncIntent
from .services import make_client

COMPARED = ["title", "description", "grades", "weeks", "sector_uuid", "max_candidates", "permalink"]


def expected_online() -> dict:
    expected = {}
    offers = (
        Offer.objects.published()
        .select_related("organisation__commune", "commune", "sector")
        .prefetch_related("periods")
    )
    for offer in offers.iterator(chunk_size=500):
        for track in tracks_of(offer):
            try:
                expected[remote_id(offer.pk, track)] = (offer.pk, track, payload(offer, track))
            except Inexpressible:
                continue
    return expected


def differences(client=None) -> list[tuple[str, str]]:
    """[(remote_id, what differs)] between the national side and what should be online."""
    client = client or make_client()
    remote = {item["remote_id"]: item for item in client.list_offers()}
    expected = expected_online()
    found = []
    for rid, (_, _, body) in expected.items():
        item = remote.get(rid)
        if item is None:
            found.append((rid, "absente de la plateforme nationale"))
        elif not item.get("published_at"):
            found.append((rid, "dépubliée sur la plateforme nationale"))
        elif changed := [name for name in COMPARED if item.get(name) != body.get(name)]:
            found.append((rid, "différente : " + ", ".join(changed)))
    for rid, item in remote.items():
        if rid not in expected and item.get("published_at"):
            found.append((rid, "en ligne sur la plateforme nationale alors qu'elle ne devrait pas"))
    return found


def _offer_id(rid: str) -> int | None:
    parts = rid.split("-")
    return int(parts[2]) if len(parts) == 4 and parts[2].isdigit() else None


def repair(found) -> int:
    """Correct our knowledge of each differing national offer and queue its offer."""
    offer_ids = set()
    with transaction.atomic():
        for rid, _ in found:
            offer_id = _offer_id(rid)
            if offer_id is None:
                continue
            track = rid.rsplit("-", 1)[1]
            sync, _ = OfferSync.objects.get_or_create(offer_id=offer_id)
            # UNKNOWN: "may exist": the push updates it, or creates it on a 404.
            RemoteOffer.objects.update_or_create(
                remote_id=rid,
                defaults={
                    "sync": sync,
                    "track": track,
                    "state": RemoteState.UNKNOWN,
                    "payload_hash": "",
                },
            )
            offer_ids.add(offer_id)
        for offer_id in offer_ids:
            SyncIntent.objects.create(offer_id=offer_id, action="reconcile")
    return len(offer_ids)
