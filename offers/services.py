"""Writes on offers: state moves with their audit row, announced to the apps that react."""

import datetime

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django_fsm import can_proceed

from .models import Offer, OfferPeriod, OfferTransition, State
from .places import with_places_taken
from .signals import offer_changed, offer_moved


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


class OfferChangedMeanwhile(Exception):
    """The host edited the offer after the moderator's page was loaded."""


def decide_as_read(offer: Offer, action: str, moderator, message: str, version: str | None):
    """A moderator's decision on the offer as they read it: `version` is the `updated_at`
    their page showed (a submitted offer stays editable by its host while it waits)."""
    with transaction.atomic():
        current = Offer.objects.select_for_update().get(pk=offer.pk)
        if version is not None and _parsed(version) != current.updated_at:
            raise OfferChangedMeanwhile
        return move(offer, action, actor=moderator, message=message)


def _parsed(version: str):
    try:
        return parse_datetime(version)
    except ValueError:
        return None


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


def set_priority(offer: Offer, *, rep: bool, qpv: bool) -> bool:
    """Region staff mark the offer for REP / QPV pupils; a published offer announces it
    (what partners show changes). True if anything changed."""
    with transaction.atomic():
        locked = Offer.objects.select_for_update().get(pk=offer.pk)
        if (locked.priority_rep, locked.priority_qpv) == (rep, qpv):
            return False
        locked.priority_rep, locked.priority_qpv = rep, qpv
        locked.save(update_fields=["priority_rep", "priority_qpv", "updated_at"])
        if locked.state == State.PUBLISHED:
            offer_changed.send(Offer, offer=locked, action="priority")
    offer.priority_rep, offer.priority_qpv = rep, qpv
    return True


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


# --- Saving an offer's content and periods (the employer's form) ---------------------------

Periods = list[tuple[datetime.date, datetime.date, int]]


class PlacesTakenMeanwhile(Exception):
    """A pupil was accepted on a period between the form's validation and saving."""


def period_losing_taken_places(offer: Offer, periods: Periods) -> OfferPeriod | None:
    """The first saved period whose pupils the wanted periods would leave without a place:
    places already given cannot be taken back by an edit."""
    if not offer.pk:
        return None
    wanted = {(start, end): places for start, end, places in periods}
    for period in with_places_taken(OfferPeriod.objects.filter(offer=offer)):
        if period.places_taken and wanted.get((period.start, period.end), 0) < period.places_taken:
            return period
    return None


def save_offer(offer: Offer, periods: Periods, *, fields: list[str], actor=None) -> Offer:
    """Write the offer's `fields` and replace its periods; a new offer starts as a draft.

    The offer row is locked first, as an acceptance locks it (placements.services), and the
    places taken are checked again under that lock: a pupil accepted since the form was
    checked keeps their place (PlacesTakenMeanwhile, nothing written)."""
    with transaction.atomic():
        if offer.pk:
            Offer.objects.select_for_update().filter(pk=offer.pk).exists()
            if period_losing_taken_places(offer, periods):
                raise PlacesTakenMeanwhile
            offer.save(update_fields=[*fields, "updated_at"])
        else:
            offer.save()
            OfferTransition.objects.create(
                offer=offer,
                actor=actor,
                source=State.DRAFT,
                target=State.DRAFT,
                message="Offre créée",
            )
        _replace_periods(offer, periods)
    return offer


def _replace_periods(offer: Offer, periods: Periods) -> None:
    """Keep the rows whose dates stay (applications point at them), update their places,
    add the new ones and delete the removed ones."""
    wanted = {(start, end): places for start, end, places in periods}
    # Read again under the offer's lock, not from the instance's prefetched rows.
    for period in OfferPeriod.objects.filter(offer=offer):
        places = wanted.pop((period.start, period.end), None)
        if places is None:
            period.delete()
        elif places != period.places:
            period.places = places
            period.save(update_fields=["places"])
    OfferPeriod.objects.bulk_create(
        OfferPeriod(offer=offer, start=start, end=end, places=places)
        for (start, end), places in wanted.items()
    )
