"""Writes on an edited offer that the public already reads, and the moderator's decision.

A published offer stays online as it was approved: its texts (`OfferRevision.MODERATED_FIELDS`)
wait in a revision (`stages_bfc.revisions`), while what pupils do not read as text (places,
periods, hours, publics, the tutor's contact) applies at once, with a line in the audit trail
and `offer_changed` (search follows by its triggers, the national copy by its receiver).
"""

from django.db import transaction

from outbox.services import defer
from stages_bfc import revisions

from .models import LIVE_STATES, Offer, OfferPeriod, OfferRevision, OfferTransition
from .services import Periods, TransitionNotAllowed, save_offer
from .signals import offer_changed

MODERATED = OfferRevision.MODERATED_FIELDS


def _attname(name: str) -> str:
    return Offer._meta.get_field(name).attname


def _label(name: str) -> str:
    return str(Offer._meta.get_field(name).verbose_name)


def _periods(offer: Offer) -> Periods:
    return sorted(OfferPeriod.objects.filter(offer=offer).values_list("start", "end", "places"))


def edit_live_offer(edited: Offer, periods: Periods, *, fields: list[str], actor):
    """A member's edit of a published offer (`edited`: the form's unsaved instance).

    Return (the pending revision or None, the labels of what changed at once). Raises
    `services.PlacesTakenMeanwhile` as `save_offer` does, with nothing written."""
    with transaction.atomic():
        approved = Offer.objects.select_for_update().get(pk=edited.pk)
        typed = {name: getattr(edited, name) for name in MODERATED}
        for name in MODERATED:
            setattr(edited, name, getattr(approved, name))
        at_once = [name for name in fields if _attname(name) not in MODERATED]
        changed = [
            _label(name)
            for name in at_once
            if getattr(approved, _attname(name)) != getattr(edited, _attname(name))
        ]
        if sorted(periods) != _periods(approved):
            changed.append("périodes et places")
        if changed:
            save_offer(edited, periods, fields=at_once, actor=actor)
            OfferTransition.objects.create(
                offer=edited,
                actor=actor,
                source=approved.state,
                target=approved.state,
                message="Modifié en ligne, sans nouvelle relecture : " + ", ".join(changed) + ".",
            )
            offer_changed.send(Offer, offer=edited, action="update")
        revision = revisions.propose(OfferRevision, approved, typed, actor)
    return revision, changed


def lock_in_state(offer: Offer) -> None:
    """Lock the offer, still in the state its form was read in (TransitionNotAllowed if not):
    a submitted offer approved meanwhile is live, and its texts are not changed freely."""
    if not Offer.objects.select_for_update().filter(pk=offer.pk, state=offer.state).exists():
        raise TransitionNotAllowed(f"l'offre {offer.pk} a changé d'état")


def drop_pending_revision(offer: Offer) -> None:
    """An offline offer's edit carries the whole text (the form started from the proposal):
    it is moderated with the offer, so no revision waits beside it."""
    offer.revisions.pending().delete()


def approve_revision(revision: OfferRevision, moderator, version: str) -> list[str]:
    """The proposed texts, as the moderator read them (`version`), replace the live ones;
    search and the national copy follow through `offer_changed`. Return the changed fields."""
    with transaction.atomic():
        # The offer first, as a member's edit locks it: the two never wait on each other.
        offer = Offer.objects.select_for_update().get(pk=revision.offer_id)
        revision = revisions.lock_pending(OfferRevision, revision.pk, version)
        revision.offer = offer
        changed = revisions.approve(revision, moderator)
        if changed:
            names = [Offer._meta.get_field(name).name for name in changed]
            offer.save(update_fields=[*names, "updated_at"])
            OfferTransition.objects.create(
                offer=offer,
                actor=moderator,
                source=offer.state,
                target=offer.state,
                message="Modification validée : " + ", ".join(_label(n) for n in changed) + ".",
            )
            if offer.state in LIVE_STATES:
                offer_changed.send(Offer, offer=offer, action="update")
        defer("offers.tasks.send_revision_email", revision.pk)
    return changed


def refuse_revision(revision: OfferRevision, moderator, version: str, message: str) -> None:
    """The live texts stay; the members are told why by e-mail."""
    with transaction.atomic():
        Offer.objects.select_for_update().get(pk=revision.offer_id)
        revision = revisions.lock_pending(OfferRevision, revision.pk, version)
        revisions.refuse(revision, moderator, message)
        OfferTransition.objects.create(
            offer_id=revision.offer_id,
            actor=moderator,
            source=revision.offer.state,
            target=revision.offer.state,
            message="Modification refusée : " + message,
        )
        defer("offers.tasks.send_revision_email", revision.pk)
