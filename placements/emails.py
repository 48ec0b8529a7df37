"""Who is told what about an application. Pupils without e-mail: their teachers only."""

from django.urls import reverse
from django.utils import timezone

from accounts.attachments import confirmed_staff_of
from organisations.models import EmailRhythm
from reference.periods import answer_deadline
from stages_bfc.mail import send_templated

from .models import Application, AppState, CodeReset, SchoolClass


def _organisation_recipients(application: Application) -> list[str]:
    return [
        email
        for email in application.offer.organisation.memberships.active().values_list(
            "user__email", flat=True
        )
        if email
    ]


def _members_hearing_of_each(application: Application) -> list[str]:
    """Members who asked for an e-mail at each new application (their e-mail rhythm)."""
    return [
        email
        for email in application.offer.organisation.memberships.active()
        .filter(email_rhythm=EmailRhythm.EACH)
        .values_list("user__email", flat=True)
        if email
    ]


def _teacher_recipients(application: Application) -> list[str]:
    if application.school_class is None:
        return []
    return [
        teacher.email
        for teacher in application.school_class.teachers.filter(
            confirmed_staff_of(application.school_class.school_id), is_active=True
        )
        if teacher.email
    ]


def _load(application_id: int) -> Application:
    return Application.objects.select_related(
        "pupil", "offer__organisation", "school_class__school"
    ).get(pk=application_id)


def _context(application: Application) -> dict:
    return {
        "application": application,
        "offer": application.offer,
        "pupil_name": f"{application.pupil.first_name} {application.pupil.last_name[:1]}.",
        "applications_url": reverse("placements:offer_applications", args=[application.offer_id]),
        "mine_url": reverse("placements:mine"),
        "class_url": reverse("placements:class_detail", args=[application.school_class_id])
        if application.school_class_id
        else "",
    }


def send_new_application(application_id: int) -> None:
    application = _load(application_id)
    if to := _members_hearing_of_each(application):
        send_templated("application_new", to, _context(application))


def send_answer(application_id: int) -> None:
    application = _load(application_id)
    context = {**_context(application), "accepted": application.state == AppState.ACCEPTED}
    if application.pupil.email and application.pupil.is_active:
        send_templated("application_answer", [application.pupil.email], context)
    if to := _teacher_recipients(application):
        send_templated("application_answer_teacher", to, context)


def send_confirmation(application_id: int) -> None:
    application = _load(application_id)
    if to := _organisation_recipients(application):
        send_templated("application_confirmed", to, _context(application))
    if to := _teacher_recipients(application):
        send_templated("application_confirmed", to, _context(application))


def send_cancellation(application_id: int) -> None:
    application = _load(application_id)
    reason = application.transitions.order_by("-at", "-pk").values_list("message", flat=True)[:1]
    context = {**_context(application), "reason": reason[0] if reason else ""}
    if to := _organisation_recipients(application) + _teacher_recipients(application):
        send_templated("application_cancelled", to, context)
    # The pupil's address is never shown to the organisation: a message of their own.
    if application.pupil.email and application.pupil.is_active:
        send_templated("application_cancelled", [application.pupil.email], context)


def send_lapsed(application_id: int) -> None:
    """Closed without an answer: the pupil may apply elsewhere; their teachers know it."""
    application = _load(application_id)
    context = {**_context(application), "search_url": reverse("search:offers")}
    if application.pupil.email and application.pupil.is_active:
        send_templated("application_lapsed", [application.pupil.email], context)
    if to := _teacher_recipients(application):
        send_templated("application_lapsed_teacher", to, context)


def send_offer_withdrawn(application_id: int) -> None:
    """Closed because the host withdrew the offer: not a refusal, the pupil may apply elsewhere."""
    application = _load(application_id)
    context = {**_context(application), "search_url": reverse("search:offers")}
    if application.pupil.email and application.pupil.is_active:
        send_templated("application_offer_withdrawn", [application.pupil.email], context)
    if to := _teacher_recipients(application):
        send_templated("application_offer_withdrawn_teacher", to, context)


def send_digest(membership, applications: list[Application], waiting: int) -> None:
    """A member's daily summary of the applications received since the last one."""
    send_templated(
        "application_digest",
        [membership.user.email],
        {
            "organisation": membership.organisation,
            "applications": applications,
            "waiting": waiting,
            "inbox_url": reverse("placements:inbox"),
        },
    )


def send_unanswered_reminder(organisation, applications: list[Application]) -> bool:
    to = [
        email
        for email in organisation.memberships.active().values_list("user__email", flat=True)
        if email
    ]
    for application in applications:
        application.deadline = answer_deadline(
            timezone.localdate(application.created_at), application.start
        )
    if to:
        send_templated(
            "application_reminder",
            to,
            {
                "organisation": organisation,
                "applications": applications,
                "dashboard_url": reverse("offers:dashboard"),
                "inbox_url": reverse("placements:inbox"),
            },
        )
    return bool(to)


def send_placement_reminder(school_class: SchoolClass, email: str, cover=None) -> None:
    """To one pupil whose stage is not complete, who has an e-mail (one message each: no
    shared list); `cover` (placements.coverage) says what is missing."""
    send_templated(
        "placement_reminder",
        [email],
        {"school_class": school_class, "mine_url": reverse("placements:mine"), "cover": cover},
    )


def send_code_reset(reset_id: int) -> None:
    """To the pupil's teachers: who renewed the code and when, so that one they did not ask
    for is noticed. Teachers not confirmed at the school are not told about its pupils."""
    reset = CodeReset.objects.select_related("pupil", "school_class", "actor").get(pk=reset_id)
    school_class = reset.school_class
    to = [
        email
        for email in school_class.teachers.filter(
            confirmed_staff_of(school_class.school_id), is_active=True
        ).values_list("email", flat=True)
        if email
    ]
    if to:
        send_templated(
            "code_reset",
            to,
            {
                "reset": reset,
                "school_class": school_class,
                "pupil_name": f"{reset.pupil.first_name} {reset.pupil.last_name}",
                "class_url": reverse("placements:class_detail", args=[school_class.pk]),
            },
        )


def send_thanks(organisation, stages: list[Application], school_year: str) -> None:
    """To the organisation's members: the pupils they welcomed this school year."""
    to = [
        email
        for email in organisation.memberships.active().values_list("user__email", flat=True)
        if email
    ]
    pupils = [
        {
            "name": f"{stage.pupil.first_name} {stage.pupil.last_name[:1]}.",
            "offer": stage.offer.title,
            "start": stage.start,
            "end": stage.end,
        }
        for stage in stages
    ]
    if to:
        send_templated(
            "host_thanks",
            to,
            {
                "organisation": organisation,
                "pupils": pupils,
                "school_year": school_year,
                "dashboard_url": reverse("offers:dashboard"),
                "host_url": reverse("placements:host_detail", args=[organisation.pk]),
            },
        )
