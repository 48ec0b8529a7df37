"""The pupils' cells of a snapshot: coverage from `placements.coverage` (the one measure of
who has a stage), placements with their distance, and the day's trend rows."""

import math
from collections import Counter

from django.utils import timezone

from placements import coverage
from placements.models import Application, AppState, Enrolment, PupilProfile

from .models import CoverageDay, PlacementCell, PupilCell

EARTH_KM = 6371.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> int:
    """As the crow flies between two (latitude, longitude), rounded to the kilometre."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return round(2 * EARTH_KM * math.asin(math.sqrt(h)))


def profile_answers() -> dict[int, tuple[str, bool | None]]:
    return {
        pupil_id: (gender, needs)
        for pupil_id, gender, needs in PupilProfile.objects.values_list(
            "pupil_id", "gender", "needs_accessible_place"
        )
    }


SCHOOL = (
    "school_class__school__commune__department_id",
    "school_class__school__commune__department__academy",
    "school_class__school_id",
    "school_class__school__kind",
    "school_class__level",
)


def pupil_cells(snapshot, answers=None) -> tuple[list[PupilCell], list[CoverageDay]]:
    enrolments = Enrolment.objects.filter(school_class__school_year=snapshot.school_year)
    coverages = coverage.for_enrolments(enrolments)
    answers = profile_answers() if answers is None else answers
    counts: Counter = Counter()
    for pk, pupil_id, dep, academy, school, kind, level in enrolments.values_list(
        "pk", "pupil_id", *SCHOOL
    ):
        measured = coverages.get(pk)
        if measured is None:
            continue
        missing = ""
        if measured.need == "weeks":
            missing = ",".join(span.start.isoformat() for span in measured.missing)
        gender, needs = answers.get(pupil_id, ("", None))
        counts[(dep, academy, school, kind, level, measured.status, missing, gender, needs)] += 1
    fields = (
        "department",
        "academy",
        "school",
        "school_kind",
        "level",
        "status",
        "missing_weeks",
        "gender",
        "needs_accessible_place",
    )
    cells = [
        PupilCell(snapshot=snapshot, pupils=n, **dict(zip(fields, key, strict=True)))
        for key, n in counts.items()
    ]
    day: Counter = Counter()
    for cell in cells:
        key = (cell.department, cell.academy, cell.school_kind, cell.level, cell.status)
        day[key] += cell.pupils
    today = timezone.localdate(snapshot.computed_at)
    trend = [
        CoverageDay(
            school_year=snapshot.school_year,
            day=today,
            pupils=n,
            **dict(
                zip(("department", "academy", "school_kind", "level", "status"), key, strict=True)
            ),
        )
        for key, n in day.items()
    ]
    return cells, trend


def placement_cells(snapshot, first, last, answers=None) -> list[PlacementCell]:
    answers = profile_answers() if answers is None else answers
    confirmed = Application.objects.filter(
        state=AppState.CONFIRMED, start__lte=last, end__gte=first, school_class__isnull=False
    ).values_list(
        "pupil_id",
        "offer__sector_id",
        "offer__commune__department_id",
        "offer__organisation__host_type",
        "offer__accessible",
        "offer__commune__latitude",
        "offer__commune__longitude",
        "school_class__school__commune__latitude",
        "school_class__school__commune__longitude",
        *[field for field in SCHOOL if not field.endswith("school_id")],
    )
    counts: Counter = Counter()
    for pupil_id, sector, offer_dep, host, accessible, lat, lon, slat, slon, *school in confirmed:
        gender, needs = answers.get(pupil_id, ("", None))
        km = distance_km((slat, slon), (lat, lon))
        counts[(sector, offer_dep, host, accessible, *school, gender, needs, km)] += 1
    fields = (
        "sector",
        "offer_department",
        "host_type",
        "offer_accessible",
        "department",
        "academy",
        "school_kind",
        "level",
        "gender",
        "needs_accessible_place",
        "distance_km",
    )
    return [
        PlacementCell(snapshot=snapshot, placements=n, **dict(zip(fields, key, strict=True)))
        for key, n in counts.items()
    ]
