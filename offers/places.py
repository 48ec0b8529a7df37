"""Places left: a period's places minus those held by its applications in HOLDING_STATES.

The one definition. The offer page and the employer's form (`offers.selectors`,
`offers.forms`), the acceptance of a pupil (`placements.services`) and the search read it
from here; the search's SQL (search/sql/read_model.sql) is given HOLDING_STATES by the
migration that loads it (`holding_states_sql`), so the states are named here only (with
WAITING_STATE, that of an application still waiting for the host's answer).
"""

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Offer, OfferPeriod

# Application states that hold a place (placements.models.AppState values: offers stands
# below placements, so they are spelled here and placements imports them).
HOLDING_STATES = ("accepted", "confirmed")
# The state of an application waiting for the host's answer (it holds no place yet): the
# dashboard counts them.
WAITING_STATE = "submitted"


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


def waiting_applications(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Each offer with `waiting` (applications waiting for an answer) and `oldest_waiting`
    (when the oldest was sent), from correlated subqueries: no join multiplies the rows."""
    waiting = (
        _applications().filter(offer=OuterRef("pk"), state=WAITING_STATE).order_by().values("offer")
    )
    return offers.annotate(
        waiting=Coalesce(Subquery(waiting.annotate(n=Count("pk")).values("n")), 0),
        oldest_waiting=Subquery(waiting.annotate(first=Min("created_at")).values("first")),
    )


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


def applications_by_kind(offer: Offer) -> dict[str, int]:
    """How many of the offer's applications wait for an answer, and how many hold a place
    (accepted or confirmed): what withdrawing the offer does to pupils depends on it."""
    applications = _applications().filter(offer=offer)
    return applications.aggregate(
        waiting=Count("pk", filter=Q(state=WAITING_STATE)),
        held=Count("pk", filter=Q(state__in=HOLDING_STATES)),
    )
