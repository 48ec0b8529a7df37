"""Reads: the teacher's class table, a pupil's applications, an offer's applications.

Every read starts from a queryset limited to what the user may see
(`SchoolClass.objects.for_teacher`, `Application.objects.of_pupil` /
`of_organisation_member`), so a forgotten check is a 404, not a leak.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from offers.models import Offer
from reference.periods import school_year_of, seconde_period

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


@dataclass
class PupilRow:
    enrolment: Enrolment
    status: str
    pending: int = 0
    host: str = ""
    commune: str = ""
    start: object = None
    end: object = None
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
        return self.status in Status.PLACED


def teacher_classes(user):
    return (
        SchoolClass.objects.for_teacher(user)
        .select_related("school")
        .annotate(pupil_count=Count("enrolments"))
    )


def class_rows(school_class: SchoolClass) -> list[PupilRow]:
    """One row per pupil of the class, with their placement status, in a fixed number of
    queries."""
    enrolments = list(
        school_class.enrolments.select_related("pupil").order_by(
            "pupil__last_name", "pupil__first_name", "pk"
        )
    )
    pupil_ids = [e.pupil_id for e in enrolments]
    applications = {}
    for application in (
        Application.objects.filter(pupil_id__in=pupil_ids, school_class=school_class)
        .select_related("offer__organisation", "offer__commune")
        .order_by("created_at")
    ):
        applications.setdefault(application.pupil_id, []).append(application)
    external = {
        placement.pupil_id: placement
        for placement in ExternalPlacement.objects.filter(
            pupil_id__in=pupil_ids, school_year=school_class.school_year
        )
    }
    rows = []
    for enrolment in enrolments:
        own = applications.get(enrolment.pupil_id, [])
        by_state = {}
        for application in own:
            by_state.setdefault(application.state, []).append(application)
        row = PupilRow(enrolment=enrolment, status=Status.NONE, applications=own)
        if confirmed := by_state.get(AppState.CONFIRMED):
            _placed(row, Status.CONFIRMED, confirmed[-1])
        elif placement := external.get(enrolment.pupil_id):
            row.status = Status.EXTERNAL
            row.host, row.commune = placement.host_name, placement.commune
            row.start, row.end = placement.start, placement.end
        elif accepted := by_state.get(AppState.ACCEPTED):
            _placed(row, Status.ACCEPTED, accepted[-1])
        elif pending := by_state.get(AppState.SUBMITTED):
            row.status, row.pending = Status.PENDING, len(pending)
        rows.append(row)
    return rows


def _placed(row: PupilRow, status: str, application: Application) -> None:
    row.status = status
    row.host = application.offer.organisation.name
    row.commune = application.offer.commune.name
    row.start, row.end = application.start, application.end


def class_summary(school_class: SchoolClass, rows: list[PupilRow], today=None) -> dict:
    today = today or timezone.localdate()
    period = seconde_period(school_class.school_year)
    totals = {status: 0 for status in Status.LABELS}
    for row in rows:
        totals[row.status] += 1
    placed = sum(totals[s] for s in Status.PLACED)
    return {
        "period": period,
        "days_left": (period.start - today).days,
        "total": len(rows),
        "placed": placed,
        "without": len(rows) - placed,
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
