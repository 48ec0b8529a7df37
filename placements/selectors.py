"""Reads: the teacher's class table, a pupil's applications, an offer's applications, where
a pupil's search starts.

Every read starts from a queryset limited to what the user may see
(`SchoolClass.objects.for_teacher`, `Application.objects.of_pupil` /
`of_organisation_member`), so a forgotten check is a 404, not a leak.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from offers.models import Offer
from reference.models import Commune, School
from reference.periods import school_year_of, seconde_period

from . import coverage, levels
from .coverage import COMPLETE, NONE, PARTIAL, Coverage
from .models import Application, AppState, Enrolment, ExternalPlacement, SchoolClass


class Status:
    NONE = "none"
    PENDING = "pending"
    ACCEPTED = "accepted"
    CONFIRMED = "confirmed"
    EXTERNAL = "external"

    LABELS = {
        NONE: "Aucune candidature",
        PENDING: "Candidatures en attente",
        ACCEPTED: "Acceptée, à confirmer",
        CONFIRMED: "Stage confirmé sur Stages BFC",
        EXTERNAL: "Stage trouvé hors plateforme",
    }
    PLACED = (CONFIRMED, EXTERNAL)


@dataclass(frozen=True)
class Stay:
    """One placement of a pupil, as the table shows it."""

    host: str
    commune: str
    start: object
    end: object
    external: bool = False


@dataclass
class PupilRow:
    enrolment: Enrolment
    status: str  # where their applications stand (Status)
    coverage: Coverage | None = None  # what their placements cover of what the level needs
    pending: int = 0
    stays: list[Stay] = field(default_factory=list)
    applications: list = field(default_factory=list)

    @property
    def pupil(self):
        return self.enrolment.pupil

    @property
    def label(self) -> str:
        if self.status == Status.PENDING:
            return f"{Status.LABELS[Status.PENDING]} ({self.pending})"
        return Status.LABELS[self.status]

    @property
    def placed(self) -> bool:
        """A complete stage (placements.coverage): the "sans stage" filter and the
        reminders are for the others, a seconde pupil with one week of two included."""
        return self.coverage is not None and self.coverage.complete

    @property
    def coverage_label(self) -> str:
        return self.coverage.label if self.coverage else ""

    @property
    def coverage_status(self) -> str:
        return self.coverage.status if self.coverage else NONE


def teacher_classes(user):
    return (
        SchoolClass.objects.for_teacher(user)
        .select_related("school")
        .annotate(pupil_count=Count("enrolments"))
    )


def class_rows(school_class: SchoolClass) -> list[PupilRow]:
    """One row per pupil of the class, with what their placements cover and where their
    applications stand, in a fixed number of queries."""
    enrolments = list(
        school_class.enrolments.select_related("pupil").order_by(
            "pupil__last_name", "pupil__first_name", "pk"
        )
    )
    coverages = coverage.for_enrolments(enrolments)
    pupil_ids = [e.pupil_id for e in enrolments]
    applications = {}
    for application in (
        Application.objects.filter(pupil_id__in=pupil_ids, school_class=school_class)
        .select_related("offer__organisation", "offer__commune")
        .order_by("start", "created_at")
    ):
        applications.setdefault(application.pupil_id, []).append(application)
    external = {}
    for placement in ExternalPlacement.objects.filter(
        pupil_id__in=pupil_ids, school_year=school_class.school_year
    ).order_by("start", "pk"):
        external.setdefault(placement.pupil_id, []).append(placement)
    rows = []
    for enrolment in enrolments:
        own = applications.get(enrolment.pupil_id, [])
        by_state = {}
        for application in own:
            by_state.setdefault(application.state, []).append(application)
        found = external.get(enrolment.pupil_id, [])
        row = PupilRow(
            enrolment=enrolment,
            status=Status.NONE,
            coverage=coverages.get(enrolment.pk),
            applications=own,
        )
        row.stays = sorted(
            [_stay(a) for a in by_state.get(AppState.CONFIRMED, [])]
            + [Stay(p.host_name, p.commune, p.start, p.end, external=True) for p in found],
            key=lambda stay: stay.start,
        )
        if by_state.get(AppState.CONFIRMED):
            row.status = Status.CONFIRMED
        elif found:
            row.status = Status.EXTERNAL
        elif accepted := by_state.get(AppState.ACCEPTED):
            row.status = Status.ACCEPTED
            row.stays = [_stay(accepted[-1])]
        elif pending := by_state.get(AppState.SUBMITTED):
            row.status, row.pending = Status.PENDING, len(pending)
        if row.status in Status.PLACED:
            row.pending = len(by_state.get(AppState.SUBMITTED, []))
        rows.append(row)
    return rows


def _stay(application: Application) -> Stay:
    offer = application.offer
    return Stay(offer.organisation.name, offer.commune.name, application.start, application.end)


def class_summary(school_class: SchoolClass, rows: list[PupilRow], today=None) -> dict:
    today = today or timezone.localdate()
    period = seconde_period(school_class.school_year)
    totals = {status: 0 for status in Status.LABELS}
    for row in rows:
        totals[row.status] += 1
    by_coverage = coverage.counts(row.coverage for row in rows if row.coverage)
    return {
        "period": period,
        "seconde": levels.need_of(levels.effective(school_class.level, school_class.school.kind))
        == levels.Need.SECONDE_WEEKS,
        "days_left": (period.start - today).days,
        "total": len(rows),
        "placed": by_coverage[COMPLETE],
        "partial": by_coverage[PARTIAL],
        "without": len(rows) - by_coverage[COMPLETE],
        "nothing": len(rows) - by_coverage[COMPLETE] - by_coverage[PARTIAL],
        "totals": [(Status.LABELS[s], n) for s, n in totals.items()],
    }


def current_school_year(today=None) -> int:
    return school_year_of(today or timezone.localdate())


def pupil_applications(user):
    return (
        Application.objects.of_pupil(user)
        .select_related("offer__organisation", "offer__commune")
        .order_by("-created_at", "-pk")
    )


def offer_applications(offer: Offer):
    """The applications to an offer, with only what the organisation needs to see."""
    order = {AppState.SUBMITTED: 0, AppState.ACCEPTED: 1, AppState.CONFIRMED: 2}
    applications = list(
        offer.applications.select_related("pupil", "school_class__school").order_by("created_at")
    )
    return sorted(applications, key=lambda a: order.get(a.state, 3))


@dataclass(frozen=True)
class SearchStart:
    """Where a pupil's offer search starts: the offers' public of their class's level (empty
    without a class this year), and their school's commune (None when no school is known)."""

    public: str = ""
    school_commune: Commune | None = None


def pupil_search_start(user) -> SearchStart | None:
    """A pupil's starting point for the search (None for anyone else): their current class
    gives the level and the school; without one, the school of their account."""
    if not (user.is_authenticated and user.is_pupil):
        return None
    enrolment = (
        Enrolment.objects.current()
        .filter(pupil=user)
        .select_related("school_class__school__commune")
        .order_by("pk")
        .first()
    )
    if enrolment is not None:
        school = enrolment.school_class.school
        level = levels.effective(enrolment.school_class.level, school.kind)
        return SearchStart(public=levels.public_of(level), school_commune=school.commune)
    if user.school_id is None:
        return SearchStart()
    school = School.objects.select_related("commune").filter(pk=user.school_id).first()
    return SearchStart(school_commune=school.commune if school else None)
