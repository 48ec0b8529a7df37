"""Compare the account's national offers with what should be online, and repair.

The listing (`GET /internship_offers`, walked by its `nextPage` URLs, each page one call
within the budget and within the reconciliation's own share of it) shows the account's
offers that are not deleted, without their publication state, `sector_uuid` or places, and
with French weeks: only presence, `permalink`, grades, texts and coordinates are compared.
Repairing corrects what we believe of a differing national offer (`RemoteOffer.state`) and
records an intent: the ordinary push brings it in line. An offer missing from the listing
is `MISSING`: the push creates it, and a 409 then means deleted nationally, for good.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from offers.models import Offer

from .mapping import Held, Inexpressible, payload, remote_id, tracks_of
from .models import OfferSync, RemoteOffer, RemoteState, SyncIntent
from .services import configured, enqueue, make_client, open_alarm

TEXTS = ["title", "description", "employer_name", "employer_description", "street", "city"]
TEXTS += ["zipcode", "permalink"]
CLOSE = 1e-5  # degrees: the platform may round coordinates


@dataclass(frozen=True)
class Difference:
    remote_id: str
    what: str
    state: str | None = None  # what we now believe of the national offer (None: unchanged)

    def __iter__(self):  # (remote_id, what), as printed by the command
        return iter((self.remote_id, self.what))


def expected_online(today=None) -> dict:
    """{remote_id: payload} of every track that should be online now."""
    expected = {}
    offers = (
        Offer.objects.published()
        .select_related("organisation__commune", "commune", "sector")
        .prefetch_related("periods")
    )
    for offer in offers.iterator(chunk_size=500):
        for track in tracks_of(offer):
            try:
                expected[remote_id(offer.pk, track)] = payload(offer, track, today)
            except (Held, Inexpressible):
                continue
    return expected


def _changed(item: dict, body: dict) -> list[str]:
    names = [name for name in TEXTS if (item.get(name) or "") != (body.get(name) or "")]
    if sorted(item.get("grades") or []) != sorted(body.get("grades") or []):
        names.append("grades")
    coordinates = body.get("coordinates") or {}
    for axis in ("latitude", "longitude"):
        here, there = coordinates.get(axis), item.get(axis)
        if here is None or there is None or abs(float(here) - float(there)) > CLOSE:
            names.append(axis)
    return names


def differences(client=None, pages=None) -> list[Difference]:
    """What differs between the national listing and what should be online."""
    started = timezone.now()
    if pages is None:
        client = client or make_client()
        pages = client.pages(share=settings.NATIONAL_RECONCILE_SHARE)
    listed = {}
    for items in pages:
        listed.update({item.get("remote_id"): item for item in items if item.get("remote_id")})
    expected = expected_online()
    known = {
        rid: (state, at)
        for rid, state, at in RemoteOffer.objects.values_list("remote_id", "state", "updated_at")
    }
    found = []
    for rid, body in expected.items():
        item = listed.get(rid)
        state, at = known.get(rid, (None, None))
        if item is None:
            if state == RemoteState.DELETED:
                continue  # our own DELETE: it cannot come back (the push reports it)
            if at and at >= started:
                continue  # pushed while the pages were read: the next run will tell
            if state in (None, RemoteState.ABSENT):
                found.append(Difference(rid, "jamais envoyée", RemoteState.ABSENT))
            else:
                found.append(Difference(rid, "absente de la liste nationale", RemoteState.MISSING))
        elif state is None:
            found.append(Difference(rid, "en ligne sans trace de notre envoi", RemoteState.UNKNOWN))
        elif changed := _changed(item, body):
            found.append(Difference(rid, "différente : " + ", ".join(changed), RemoteState.UNKNOWN))
    for rid in listed:
        if rid in expected:
            continue
        state = known.get(rid, (None, None))[0]
        if state == RemoteState.UNPUBLISHED:
            continue  # listed but unpublished: the listing cannot tell, nothing to repair
        if state is None and _offer_id(rid) is None:
            found.append(Difference(rid, "inconnue ici (pas un identifiant de Stages BFC)"))
        else:
            found.append(
                Difference(
                    rid, "sur la plateforme nationale sans devoir y être", RemoteState.UNKNOWN
                )
            )
    return found


def _offer_id(rid: str) -> int | None:
    parts = rid.split("-")
    return int(parts[2]) if len(parts) == 4 and parts[2].isdigit() else None


def repair(found) -> int:
    """Correct our knowledge of each differing national offer and queue its offer."""
    offer_ids = set()
    with transaction.atomic():
        for difference in found:
            offer_id = _offer_id(difference.remote_id)
            if offer_id is None or difference.state is None:
                continue
            track = difference.remote_id.rsplit("-", 1)[1]
            sync, _ = OfferSync.objects.get_or_create(offer_id=offer_id)
            RemoteOffer.objects.update_or_create(
                remote_id=difference.remote_id,
                defaults={
                    "sync": sync,
                    "track": track,
                    "state": difference.state,
                    "payload_hash": "",
                },
            )
            offer_ids.add(offer_id)
        for offer_id in offer_ids:
            SyncIntent.objects.create(offer_id=offer_id, action="reconcile")
            transaction.on_commit(lambda pk=offer_id: enqueue(pk))
    return len(offer_ids)


def run() -> int:
    """Beat: compare and repair (the push then goes at the usual pace)."""
    if not configured() or open_alarm():
        return 0
    return repair(differences())
