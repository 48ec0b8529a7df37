"""Periods: weeks, date ranges, places and the next start, net of the places held
(offers.places)."""

import datetime

from django.db.models import Case, Exists, F, Min, OuterRef, Q, Subquery, When

from offers.models import OfferPeriod
from offers.places import with_places_left
from reference.periods import friday_of

from .live import today


def _periods():
    """The entry's offer's periods not yet over with a place left (offers.places, as the
    triggers count them for the period columns), inline: planned once rather than per call."""
    return with_places_left(OfferPeriod.objects).filter(
        offer=OuterRef("pk"), end__gte=today(), places__gte=1, left__gte=1
    )


def covering(queryset, *mondays: datetime.date):
    """Offers with places for each of these weeks (Monday to Friday), each wholly inside one
    period: the trigger-kept `periods_weeks`, an index condition. A week
    already over has no live period."""
    if any(friday_of(monday) < today() for monday in mondays):
        return queryset.none()
    return queryset.filter(periods_weeks__contains=list(mondays))


def overlapping(queryset, start: datetime.date | None, end: datetime.date | None):
    """Offers with a period (places left, not past) meeting the date range."""
    periods = _periods()
    if start:
        periods = periods.filter(end__gte=start)
    if end:
        periods = periods.filter(start__lte=end)
    return queryset.filter(Exists(periods))


def with_places(queryset, places: int):
    """At least `places` places left in one period not yet over.

    periods_max_places is the most places left in any period, over or not: exact when no
    period has begun (periods_start, in the covering index), so only offers with a period
    already begun are probed in the periods."""
    if places <= 1:
        return queryset
    return queryset.filter(periods_max_places__gte=places).filter(
        Q(periods_start__gte=today())
        | Exists(_periods().filter(places__gte=places, left__gte=places))
    )


def next_start():
    """The first day of the next period: periods_start, unless that period has already begun."""
    return Case(
        When(periods_start__gte=today(), then=F("periods_start")),
        default=Subquery(
            _periods().order_by().values("offer").annotate(m=Min("start")).values("m")
        ),
    )
