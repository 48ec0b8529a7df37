"""Writes: the snapshot of the figures (`refresh`), built from the other apps' models and
selectors; coverage comes from `placements.coverage`, places left from `offers.places`.

A refresh writes a new snapshot in one transaction and deletes the older ones of its school
year, so a page always reads one complete snapshot.
"""

import datetime
import statistics
import time

from django.db import transaction
from django.utils import timezone

from offers.models import Offer, OfferPeriod, OfferTransition, State
from offers.places import with_places_left
from reference.periods import mondays_meeting, school_year_end, school_year_of
from sync_1j1s.selectors import queue_figures

from . import pupil_cells
from .models import CoverageDay, PlacementCell, PupilCell, Snapshot, SupplyCell

SUPPLY_STATES = (State.PUBLISHED, State.FILLED)
DECISIONS = (State.PUBLISHED, State.REJECTED, State.CHANGES_REQUESTED)


def year_bounds(school_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(school_year - 1, 9, 1), school_year_end(school_year)


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def _supply_cells(snapshot: Snapshot) -> list[SupplyCell]:
    first, last = year_bounds(snapshot.school_year)
    periods = with_places_left(
        OfferPeriod.objects.filter(offer__state__in=SUPPLY_STATES, end__gte=first, start__lte=last)
    ).values_list(
        "offer_id",
        "start",
        "end",
        "places",
        "left",
        "offer__commune__department_id",
        "offer__commune__department__academy",
        "offer__sector_id",
        "offer__organisation__host_type",
        "offer__publics",
        "offer__accessible",
    )
    fields = ("department", "academy", "sector", "host_type", "publics", "accessible")
    offers: dict[tuple, list] = {}  # key -> [offer ids, places, places left]
    weeks: dict[tuple, list] = {}  # (monday, key) -> [periods, places, places left]
    for offer_id, start, end, places, left, *dims in periods:
        dims[4] = ",".join(sorted(dims[4]))
        key, left = tuple(dims), max(left, 0)
        totals = offers.setdefault(key, [set(), 0, 0])
        totals[0].add(offer_id)
        totals[1] += places
        totals[2] += left
        for monday in mondays_meeting(max(start, first), min(end, last)):
            week = weeks.setdefault((monday, key), [0, 0, 0])
            week[0] += 1
            week[1] += places
            week[2] += left
    cells = [
        SupplyCell(snapshot=snapshot, week=None, offers=len(ids), places=places,
                   places_left=left, **dict(zip(fields, key, strict=True)))
        for key, (ids, places, left) in offers.items()
    ]  # fmt: skip
    cells += [
        SupplyCell(snapshot=snapshot, week=monday, offers=n, places=places, places_left=left,
                   **dict(zip(fields, key, strict=True)))
        for (monday, key), (n, places, left) in weeks.items()
    ]  # fmt: skip
    return cells


def _moderation(snapshot: Snapshot) -> None:
    first, last = year_bounds(snapshot.school_year)
    snapshot.waiting_moderation = Offer.objects.filter(state=State.SUBMITTED).count()
    submitted: dict[int, datetime.datetime] = {}
    waits = []
    moves = OfferTransition.objects.filter(at__date__lte=last).order_by("offer_id", "at", "pk")
    for offer_id, source, target, at in moves.values_list("offer_id", "source", "target", "at"):
        if target == State.SUBMITTED:
            submitted[offer_id] = at
        elif source == State.SUBMITTED and target in DECISIONS and offer_id in submitted:
            wait = (at - submitted.pop(offer_id)).total_seconds() / 3600
            if at.date() >= first:
                waits.append(wait)
    snapshot.decisions = len(waits)
    snapshot.median_decision_hours = statistics.median(waits) if waits else None


def refresh(school_year: int | None = None) -> Snapshot:
    """Compute a new snapshot of the school year (the current one by default)."""
    began = time.monotonic()
    school_year = school_year or current_school_year()
    with transaction.atomic():
        snapshot = Snapshot(school_year=school_year, computed_at=timezone.now())
        _moderation(snapshot)
        snapshot.national = {label: n for label, n in queue_figures()["by_status"]}
        snapshot.save()
        SupplyCell.objects.bulk_create(_supply_cells(snapshot), batch_size=5000)
        answers = pupil_cells.profile_answers()
        cells, trend = pupil_cells.pupil_cells(snapshot, answers)
        PupilCell.objects.bulk_create(cells, batch_size=5000)
        first, last = year_bounds(school_year)
        PlacementCell.objects.bulk_create(
            pupil_cells.placement_cells(snapshot, first, last, answers), batch_size=5000
        )
        # The day's trend rows: the last refresh of a day stands for it.
        CoverageDay.objects.filter(
            school_year=school_year, day=timezone.localdate(snapshot.computed_at)
        ).delete()
        CoverageDay.objects.bulk_create(trend, batch_size=5000)
        Snapshot.objects.filter(school_year=school_year).exclude(pk=snapshot.pk).delete()
        snapshot.seconds = time.monotonic() - began
        snapshot.save(update_fields=["seconds"])
    return snapshot
