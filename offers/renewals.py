"""Renewing an offer of a past school year: a copy with its periods moved to a coming year
(`reference.periods.renewal`), sent to moderation in one step."""

import datetime

from django.db import transaction
from django.utils import timezone

from reference.periods import renewal, school_year_label

from .models import Offer, OfferPeriod, OfferTransition, State
from .services import COPIED_FIELDS, move

# Offers whose last period is over and that a host may want again next year.
RENEWABLE_STATES = [State.PUBLISHED, State.FILLED, State.EXPIRED, State.WITHDRAWN, State.ARCHIVED]


class RenewalRefused(Exception):
    """Why this offer cannot be renewed, in French."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _spans(offer: Offer) -> list[tuple[datetime.date, datetime.date, int]]:
    return sorted(OfferPeriod.objects.filter(offer=offer).values_list("start", "end", "places"))


def renewed_since(offer: Offer, last_day: datetime.date) -> bool:
    """A copy of the offer made after its last period (renewed or duplicated for next year)."""
    return Offer.objects.filter(duplicated_from=offer, created_at__date__gt=last_day).exists()


def renewable_years(offers, today: datetime.date) -> dict[int, str]:
    """The offers among `offers` (periods prefetched) that can be renewed, with the school
    year each would be renewed for ("2027-2028"). Two queries whatever their number."""
    candidates = {}
    for offer in offers:
        spans = [(p.start, p.end, p.places) for p in offer.periods.all()]
        if offer.state in RENEWABLE_STATES and spans and max(e for _, e, _ in spans) < today:
            candidates[offer.pk] = spans
    copies = Offer.objects.filter(duplicated_from__in=candidates).values_list(
        "duplicated_from_id", "created_at"
    )
    for source, created_at in copies:
        spans = candidates.get(source)
        if spans and timezone.localdate(created_at) > max(e for _, e, _ in spans):
            del candidates[source]
    return {pk: school_year_label(renewal(spans, today)[0]) for pk, spans in candidates.items()}


def renew(offer: Offer, actor, today: datetime.date | None = None) -> Offer:
    """The copy, its periods moved to the coming year, submitted to the Region."""
    today = today or timezone.localdate()
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer.pk)
        spans = _spans(offer)
        if not spans:
            raise RenewalRefused(
                "Cette offre n'a aucune période d'accueil : dupliquez-la et ajoutez des dates."
            )
        last_day = max(end for _, end, _ in spans)
        if last_day >= today:
            raise RenewalRefused(
                "Cette offre a encore des périodes à venir : elle se renouvelle une fois la "
                "dernière passée. Pour proposer d'autres dates dès maintenant, dupliquez-la."
            )
        if offer.state not in RENEWABLE_STATES:
            raise RenewalRefused(
                f"Une offre « {offer.get_state_display().lower()} » ne se renouvelle pas : "
                "modifiez-la ou soumettez-la."
            )
        if renewed_since(offer, last_day):
            raise RenewalRefused(
                "Cette offre a déjà été renouvelée ou dupliquée depuis sa dernière période : "
                "retrouvez la copie dans vos offres."
            )
        school_year, moved = renewal(spans, today)
        copy = Offer.objects.create(
            duplicated_from=offer, **{name: getattr(offer, name) for name in COPIED_FIELDS}
        )
        OfferPeriod.objects.bulk_create(
            OfferPeriod(offer=copy, start=start, end=end, places=places)
            for start, end, places in moved
        )
        OfferTransition.objects.create(
            offer=copy,
            actor=actor,
            source=State.DRAFT,
            target=State.DRAFT,
            message=f"Renouvellement de l'offre n° {offer.pk} pour {school_year_label(school_year)}",
        )
        move(copy, "submit", actor=actor)
    return copy
