"""Reads of a host's inbox: every application to their organisation's offers, waiting
first and oldest first, filtered by offer, period and state.

Everything starts from `Application.objects.of_organisation_member(user)`: another
organisation's applications never enter the page.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from offers.models import Offer
from reference.periods import answer_deadline, days_since
from stages_bfc import french

from .models import Application, AppState

PAGE_SIZE = 25
# Waiting first, then those still to be lived, then the closed ones.
RANK = Case(
    When(state=AppState.SUBMITTED, then=Value(0)),
    When(state=AppState.ACCEPTED, then=Value(1)),
    When(state=AppState.CONFIRMED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def period_key(start: datetime.date, end: datetime.date) -> str:
    return f"{start.isoformat()}_{end.isoformat()}"


def offer_choices(user) -> QuerySet[Offer]:
    """The organisation's offers that received applications, by title."""
    applications = Application.objects.of_organisation_member(user)
    return (
        Offer.objects.of_organisation_member(user)
        .filter(pk__in=applications.values("offer_id"))
        .order_by("title", "pk")
    )


def period_choices(user) -> list[tuple[str, str]]:
    """The distinct dates applied for (several offers often share the seconde weeks)."""
    spans = (
        Application.objects.of_organisation_member(user)
        .order_by("start", "end")
        .values_list("start", "end")
        .distinct()
    )
    return [(period_key(start, end), french.date_range(start, end)) for start, end in spans]


def applications(user, *, offer=None, period=None, state="") -> QuerySet[Application]:
    queryset = Application.objects.of_organisation_member(user)
    if offer is not None:
        queryset = queryset.filter(offer=offer)
    if period:
        start, end = (datetime.date.fromisoformat(day) for day in period.split("_"))
        queryset = queryset.filter(start=start, end=end)
    if state:
        queryset = queryset.filter(state=state)
    return (
        queryset.select_related("pupil", "school_class__school", "offer")
        .annotate(rank=RANK)
        .order_by("rank", "created_at", "pk")
    )


@dataclass
class Waiting:
    """What a host needs to see about one application: how long it has waited, until when
    it may be answered."""

    age: int
    deadline: datetime.date


def waiting(application: Application, today: datetime.date | None = None) -> Waiting:
    today = today or timezone.localdate()
    sent_on = timezone.localdate(application.created_at)
    return Waiting(
        age=days_since(sent_on, today), deadline=answer_deadline(sent_on, application.start)
    )


def waiting_count(user) -> int:
    return Application.objects.of_organisation_member(user).filter(state=AppState.SUBMITTED).count()
