"""Drafting a convention from what the platform knows, when a placement is confirmed.

Copied from the offer and its organisation (host, SIRET, addresses, tutor, hours,
activities), the application (dates), the pupil and their class, and the school (its
convention settings, its clauses for the level, the class's first teacher as referent).
What the platform does not know stays empty, and `rules.problems` says who must complete it.
"""

import re

from django.db import transaction

from placements import levels
from placements.models import Application, Enrolment, ExternalPlacement

from .models import Convention, SchoolClauses, SchoolSettings, State

_MINUTES = re.compile(r"(?:(\d{1,2})\s*h\s*(\d{1,2})?|(\d{1,3})\s*min)", re.IGNORECASE)
LONGEST_BREAK = 180  # a longer "break" is a misreading (a time of day), not a lunch break


def break_minutes(text: str) -> int:
    """The lunch break typed by the host ("1 h", "45 min", "1h30", "de 12 h à 13 h 30"), or 0
    when unclear: the rule check then asks the host to say it."""
    found = [m.groups() for m in _MINUTES.finditer(text or "")]
    times = [int(h) * 60 + int(m or 0) for h, m, only in found if h is not None]
    if len(times) >= 2:  # a range: from one time of day to the next
        minutes = times[1] - times[0]
    elif found:
        hours, minutes_part, only_minutes = found[0]
        minutes = int(only_minutes) if only_minutes else int(hours) * 60 + int(minutes_part or 0)
    else:
        return 0
    return minutes if 0 < minutes <= LONGEST_BREAK else 0


def _school_fields(school_class) -> dict:
    school = school_class.school
    settings = SchoolSettings.objects.filter(school=school).first()
    level = levels.effective(school_class.level, school.kind)
    clauses = SchoolClauses.objects.filter(school=school, level=level).first()
    teacher = school_class.teachers.order_by("pk").first()
    return {
        "school": school,
        "school_class": school_class,
        "level": level,
        "class_name": school_class.name,
        "school_name": school.name,
        "school_uai": school.uai,
        "school_address": settings.address if settings else "",
        "head_name": settings.head_name if settings else "",
        "head_email": settings.head_email if settings else "",
        "teacher_name": teacher.get_full_name() if teacher else "",
        "teacher_email": (teacher.email or "") if teacher else "",
        "clauses_approved_on": clauses.approved_on if clauses else None,
        "clauses_text": clauses.text if clauses else "",
    }


def _pupil_fields(pupil) -> dict:
    # Keyword arguments, not a dict literal: the key "pupil" is the model field, not a role.
    return dict(pupil=pupil, pupil_name=pupil.get_full_name(), pupil_email=pupil.email or "")


def draft_for_application(application: Application) -> Convention | None:
    """None for an application outside any class (nobody at a school to complete it)."""
    if application.school_class is None:
        return None
    offer = application.offer
    organisation = offer.organisation
    with transaction.atomic():
        existing = Convention.objects.live().filter(application=application, amends=None)
        if convention := existing.first():
            return convention
        return Convention.objects.create(
            application=application,
            start=application.start,
            end=application.end,
            host_name=organisation.name,
            host_siret=organisation.siret,
            host_address=f"{organisation.street}, {organisation.commune.name}",
            place_address=f"{offer.street}, {offer.commune.name}",
            # The tutor stands for the host until the host names someone else.
            host_signatory_name=offer.tutor_name,
            host_signatory_email=offer.tutor_email,
            tutor_name=offer.tutor_name,
            tutor_email=offer.tutor_email,
            activities=offer.description,
            hours_start=offer.hours_start,
            hours_end=offer.hours_end,
            break_minutes=break_minutes(offer.lunch_break),
            **_school_fields(application.school_class),
            **_pupil_fields(application.pupil),
        )


def draft_for_external(external: ExternalPlacement) -> Convention | None:
    """A placement found elsewhere: only the host's name and commune are known. None when
    the pupil is in no class of that school year (nobody to complete it)."""
    enrolment = (
        Enrolment.objects.filter(
            pupil=external.pupil, school_class__school_year=external.school_year
        )
        .select_related("school_class__school")
        .first()
    )
    if enrolment is None:
        return None
    with transaction.atomic():
        if convention := Convention.objects.live().filter(external=external, amends=None).first():
            return convention
        return Convention.objects.create(
            external=external,
            start=external.start,
            end=external.end,
            host_name=external.host_name,
            place_address=external.commune,
            **_school_fields(enrolment.school_class),
            **_pupil_fields(external.pupil),
        )


def live_conventions_of(application: Application):
    return Convention.objects.filter(application=application).exclude(state=State.CANCELLED)
