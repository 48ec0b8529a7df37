"""Writes on offers: state moves with their audit row, announced to the apps that react."""

from django.db import transaction
from django_fsm import can_proceed

from .models import Offer, OfferPeriod, OfferTransition, State
from .signals import offer_moved


class TransitionNotAllowed(Exception):
    """The offer's current state does not allow this move."""


# Every transition method of Offer (django-fsm-2 knows them): nothing else can be moved.
ACTIONS = frozenset(t.name for t in Offer._meta.get_field("state").get_all_transitions(Offer))


def move(offer: Offer, action: str, actor=None, message: str = "") -> Offer:
    """Apply a transition, record it, and announce it (`signals.offer_moved`) in the same
    transaction: the decision e-mail and the national push are written by their receivers."""
    if action not in ACTIONS:
        raise TransitionNotAllowed(f"action inconnue : {action}")
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        method = getattr(locked, action)
        if not can_proceed(method):
            raise TransitionNotAllowed(f"{action} impossible depuis l'état {locked.state}")
        source = locked.state
        method()
        locked.save()
        OfferTransition.objects.create(
            offer=locked, actor=actor, source=source, target=locked.state, message=message
        )
        offer_moved.send(
            Offer,
            offer=locked,
            action=action,
            source=source,
            target=locked.state,
            actor=actor,
            message=message,
        )
    offer.refresh_from_db()
    return offer


# Copied when an offer is duplicated; state, dates and ids start afresh.
COPIED_FIELDS = [
    "organisation_id",
    "title",
    "description",
    "sector_id",
    "publics",
    "street",
    "commune_id",
    "hours_start",
    "hours_end",
    "lunch_break",
    "accessible",
    "accessibility_details",
    "transport",
    "tutor_name",
    "tutor_email",
    "tutor_phone",
]


def duplicate(offer: Offer, actor) -> Offer:
    """A new draft with the same content and periods, to adjust and submit (next year's offer)."""
    with transaction.atomic():
        copy = Offer.objects.create(
            duplicated_from=offer, **{name: getattr(offer, name) for name in COPIED_FIELDS}
        )
        OfferPeriod.objects.bulk_create(
            OfferPeriod(offer=copy, start=p.start, end=p.end, places=p.places)
            for p in offer.periods.all()
        )
        OfferTransition.objects.create(
            offer=copy,
            actor=actor,
            source=State.DRAFT,
            target=State.DRAFT,
            message=f"Copie de l'offre n° {offer.pk}",
        )
    return copy
