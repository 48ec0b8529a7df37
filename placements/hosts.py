"""What the public reads of a host (`/structures/<id>/`): its approved texts, its live
offers, and how many pupils it welcomed each school year. Aggregates only: no pupil, class,
school or date of a stage is ever shown, and a host appears once a moderator has approved
one of its offers (its texts are moderated from then on)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from offers.models import Offer
from offers.models import State as OfferState
from organisations.models import Organisation
from reference.periods import school_year_containing, school_year_label

from .models import Application, AppState


@dataclass(frozen=True)
class WelcomedYear:
    school_year: int
    label: str  # "2026-2027"
    pupils: int


@dataclass(frozen=True)
class HostPage:
    organisation: Organisation
    offers: list[Offer]
    years: list[WelcomedYear]  # most recent first

    @property
    def pupils(self) -> int:
        return sum(year.pupils for year in self.years)


def public_hosts():
    """Organisations with an offer a moderator approved once: the others have no page."""
    approved = Offer.objects.filter(
        Q(published_at__isnull=False) | Q(state__in=[OfferState.PUBLISHED, OfferState.FILLED])
    )
    return Organisation.objects.filter(pk__in=approved.values("organisation_id"))


def welcomed_by_year(organisation_id: int, today: datetime.date) -> list[WelcomedYear]:
    """Confirmed stages already ended, counted by the school year of their start."""
    rows = (
        Application.objects.filter(
            offer__organisation_id=organisation_id, state=AppState.CONFIRMED, end__lt=today
        )
        .values("start")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, int] = {}
    for row in rows:
        year = school_year_containing(row["start"])
        counts[year] = counts.get(year, 0) + row["n"]
    return [
        WelcomedYear(year, school_year_label(year), counts[year])
        for year in sorted(counts, reverse=True)
    ]


def host_page(organisation: Organisation, today: datetime.date | None = None) -> HostPage:
    today = today or timezone.localdate()
    offers = list(
        Offer.objects.published()
        .filter(organisation=organisation)
        .select_related("commune", "sector")
        .order_by("-published_at", "pk")
    )
    return HostPage(organisation, offers, welcomed_by_year(organisation.pk, today))


def welcomed_year(organisation_id: int, school_year: int) -> WelcomedYear | None:
    """The school year's count, for its badge; None when nobody was welcomed that year."""
    for year in welcomed_by_year(organisation_id, timezone.localdate()):
        if year.school_year == school_year:
            return year
    return None
