"""The convention cells conventions adds to placements' pages (`placements.annotations`),
registered in `ready()`: the teacher's class table gets a Convention column, the host's
inbox a line beside each confirmed placement. Two queries per page, whatever its length."""

from django.db.models import Count, Q
from django.urls import reverse

from placements.annotations import Cell

from .models import Convention, State
from .selectors import status_of

HEADING = "Convention"


def _live_originals():
    """Conventions (amendments aside), with their missing signatures counted."""
    return (
        Convention.objects.live()
        .filter(amends=None)
        .annotate(
            waiting=Count("signatures", filter=Q(signatures__signed_at=None), distinct=True),
            open_amendments=Count(
                "amendments",
                filter=~Q(amendments__state__in=[State.SIGNED, State.CANCELLED]),
                distinct=True,
            ),
        )
        .order_by("start", "pk")
    )


def _cell(convention, prefix="") -> Cell:
    status = status_of(convention, convention.waiting)
    detail = "avenant en cours" if convention.open_amendments else ""
    return Cell(
        f"{prefix}{status.label}",
        reverse("conventions:detail", args=[convention.pk]),
        status.key,
        detail,
    )


def class_cells(school_class, pupil_ids) -> dict[int, list[Cell]]:
    cells: dict[int, list[Cell]] = {}
    for convention in _live_originals().filter(school_class=school_class, pupil_id__in=pupil_ids):
        cells.setdefault(convention.pupil_id, []).append(_cell(convention))
    return cells


def inbox_cells(user, applications) -> dict[int, Cell]:
    ids = [a.pk for a in applications]
    conventions = _live_originals().of_organisation_member(user).filter(application_id__in=ids)
    return {c.application_id: _cell(c, "Convention : ") for c in conventions.distinct()}
