"""Places left: a period's places minus those held by its applications in HOLDING_STATES.

The one definition. The offer page and the employer's form (`offers.selectors`,
`offers.forms`), the acceptance of a pupil (`placements.services`) and the search read it
from here; the search's SQL (search/sql/read_model.sql) is given HOLDING_STATES by the
migration that loads it (`holding_states_sql`), so the states are named here only.
"""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Offer, OfferPeriod

# Application states that hold a place (placements.models.AppState values: offers stands
# below placements, so they are spelled here and placements imports them).
HOLDING_STATES = ("accepted", "confirmed")


def holding_states_sql() -> str:
    """HOLDING_STATES as an SQL list, for the search's triggers: ('accepted', 'confirmed')."""
    return "(" + ", ".join(f"'{state}'" for state in HOLDING_STATES) + ")"


def _applications():
    # The model of the periods' applications, without importing placements (which stands
    # above offers).
    return OfferPeriod._meta.get_field("applications").related_model.objects


def held(applications: QuerySet) -> QuerySet:
    """The applications that hold a place."""
    return applications.filter(state__in=HOLDING_STATES)


def places_taken(period_id: int) -> int:
    return held(_applications().filter(period_id=period_id)).count()


def with_places_taken(periods: QuerySet[OfferPeriod]) -> QuerySet[OfferPeriod]:
    """Each period with `places_taken` (a join and a count). Meta.ordering is dropped by
    aggregation queries: ordered explicitly."""
    return periods.annotate(
        places_taken=Count("applications", filter=Q(applications__state__in=HOLDING_STATES))
    ).order_by("start", "pk")


def with_places_left(periods: QuerySet[OfferPeriod]) -> QuerySet[OfferPeriod]:
    """Each period with `left`, from a correlated count: cheaper than a join and a GROUP BY
    inside a subquery (the search's period filters)."""
    taken = (
        held(_applications().filter(period=OuterRef("pk")))
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return periods.annotate(left=F("places") - Coalesce(Subquery(taken), 0))


def places_left(period: OfferPeriod) -> int:
    """Places still open in a period annotated by with_places_taken."""
    return max(period.places - period.places_taken, 0)


def periods_with_places_left(offer: Offer) -> list[tuple[OfferPeriod, int]]:
    """(period, places left) for an offer whose periods were prefetched with_places_taken."""
    return [(period, places_left(period)) for period in offer.periods.all()]
