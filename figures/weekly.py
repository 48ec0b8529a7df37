"""The weekly e-mail of May and June: the schools with the most pupils still without a
placement, and the seconde weeks short of places. To Region staff for the region, to each
school head for their school (the address in the school's convention settings).

Beat calls `queue` every Monday; it defers one outbox task per recipient, once a week, and
only in May and June. Each task reads the latest figures when it runs, through the same
tables and the same statistical secrecy as the dashboard.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from accounts.roles import region_staff_accounts
from conventions.selectors import head_emails
from outbox.models import PendingTask
from outbox.services import defer_many
from placements.coverage import COMPLETE, NONE, PARTIAL
from reference.models import School
from reference.periods import week_monday
from stages_bfc.mail import send_templated

from . import access_figures, selectors, services
from .filters import Filters
from .pupil_figures import STATUS_KEYS, pupil_matches
from .tables import protected

MONTHS = (5, 6)  # May and June, when the last placements are found
SEND_TASK = "figures.tasks.send_weekly"
SCHOOLS_LISTED = 10


def _school_grid(pupil_cells, filters: Filters) -> dict:
    """{(school, status): pupils or None when secret}, with the dashboard's protection."""
    schools = sorted({c.school for c in pupil_cells if pupil_matches(c, filters)})
    return protected(
        pupil_cells, filters, pupil_matches, "pupils",
        lambda c: [(c.school, c.status)], STATUS_KEYS, schools,
    )  # fmt: skip


def schools_behind(pupil_cells, filters: Filters) -> list[dict]:
    """The schools with the most pupils without a placement, among the counts published."""
    grid_ = _school_grid(pupil_cells, filters)
    counted = [
        (school, n)
        for (school, status), n in grid_.items()
        if status == NONE and school != "total" and n
    ]
    counted.sort(key=lambda item: (-item[1], item[0]))
    top = counted[:SCHOOLS_LISTED]
    names = dict(
        School.objects.filter(uai__in=[s for s, _ in top] or [""]).values_list("uai", "name")
    )
    return [
        {"name": names.get(school, school), "none": n, "pupils": grid_.get((school, "total"))}
        for school, n in top
    ]


def short_weeks(snapshot, filters: Filters, cells: dict) -> list[dict]:
    """The seconde weeks where pupils still looking outnumber the places left."""
    table = access_figures.demand_by_week(snapshot, filters, cells["supply"], cells["pupils"])
    return [
        {"week": label, "places_left": values["places_left"], "looking": values["looking"]}
        for label, values in table.rows
        if values["looking"] is not None and values["places_left"] < values["looking"]
    ]


def region_digest(snapshot) -> dict:
    filters = Filters(school_year=snapshot.school_year)
    cells = selectors.load(snapshot)
    return {
        "snapshot": snapshot,
        "schools": schools_behind(cells["pupils"], filters),
        "weeks": short_weeks(snapshot, filters, cells),
        "dashboard_url": settings.SITE_URL + reverse("figures:dashboard"),
    }


def school_digest(snapshot, uai: str) -> dict | None:
    """One school's pupils by status and its department's short weeks; None if it has none."""
    cells = selectors.load(snapshot)
    own = [c for c in cells["pupils"] if c.school == uai]
    if not own:
        return None
    # Their own school's line, protected as a table of its own: it goes to its head alone.
    filters = Filters(school_year=snapshot.school_year)
    grid_ = protected(
        own, filters, pupil_matches, "pupils", lambda c: [(uai, c.status)], STATUS_KEYS, [uai]
    )
    local = Filters(school_year=snapshot.school_year, department=own[0].department)
    school = School.objects.filter(uai=uai).values_list("name", flat=True).first()
    return {
        "snapshot": snapshot,
        "school": school or uai,
        "counts": {key: grid_.get((uai, key)) for key in (COMPLETE, PARTIAL, NONE, "total")},
        "weeks": short_weeks(snapshot, local, cells),
    }


def is_season(day: datetime.date) -> bool:
    return day.month in MONTHS


def queue(day: datetime.date) -> int:
    """Defer this week's e-mails (Region staff, then school heads); none outside May and
    June, none twice in a week. Returns how many were deferred."""
    if not is_season(day):
        return 0
    snapshot = selectors.latest_snapshot(services.current_school_year())
    if snapshot is None:
        return 0
    monday = week_monday(day)
    with transaction.atomic():
        if PendingTask.objects.filter(task_name=SEND_TASK, created_at__date__gte=monday).exists():
            return 0
        staff = User.objects.filter(region_staff_accounts(), is_active=True).exclude(email="")
        args = [("region", pk) for pk in staff.order_by("pk").values_list("pk", flat=True)]
        with_pupils = set(snapshot.pupils.values_list("school", flat=True).distinct())
        args += [("school", uai) for uai in sorted(head_emails()) if uai in with_pupils]
        defer_many(SEND_TASK, args)
    return len(args)


def send(kind: str, key) -> bool:
    """One recipient's e-mail, from the latest figures; False when there is nothing to send
    (the account left the Region, the school has no head's address or no pupils left)."""
    snapshot = selectors.latest_snapshot(services.current_school_year())
    if snapshot is None:
        return False
    if kind == "region":
        user = User.objects.filter(region_staff_accounts(), pk=key, is_active=True).first()
        if user is None or not user.email:
            return False
        send_templated("figures_weekly", [user.email], region_digest(snapshot))
        return True
    address = head_emails().get(key)
    digest = school_digest(snapshot, key) if address else None
    if digest is None:
        return False
    send_templated("figures_weekly_school", [address], digest)
    return True
