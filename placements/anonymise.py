"""Pupils are anonymised one year after the end of their last school year.

What goes: names, e-mail (and allauth's addresses), password, login codes, motivations and
messages, the optional answers of the profile (gender, need for an accessible place). What stays, for the statistics: the school, the classes, the applications with
their states and dates, the placements found elsewhere (host, commune, dates).
"""

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from accounts.roles import pupil_accounts
from reference.periods import school_year_end, school_year_of

from .models import Application, ApplicationTransition, AppState, Enrolment, PupilProfile
from .services import cancel, release_open_applications
from .signals import pupils_anonymised

KEPT_FOR = datetime.timedelta(days=365)
ANONYMOUS_FIRST_NAME = "Élève"
ANONYMOUS_LAST_NAME = "anonymisé"


def last_school_year_due(today: datetime.date) -> int:
    """The latest school year whose pupils are due: ended a year or more ago."""
    year = school_year_of(today)
    while school_year_end(year) + KEPT_FOR > today:
        year -= 1
    return year


def due_pupils(today: datetime.date | None = None):
    today = today or timezone.localdate()
    last_due = last_school_year_due(today)
    pupils = User.objects.filter(pupil_accounts()).exclude(
        first_name=ANONYMOUS_FIRST_NAME, last_name=ANONYMOUS_LAST_NAME, is_active=False
    )
    enrolled = pupils.annotate(last_year=Max("enrolments__school_class__school_year"))
    # Never enrolled: their school year is the one in which they signed up.
    never_enrolled_before = datetime.datetime.combine(
        school_year_end(last_due) + datetime.timedelta(days=1),
        datetime.time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    return (
        enrolled.filter(last_year__lte=last_due)
        | enrolled.filter(last_year__isnull=True, date_joined__lt=never_enrolled_before)
    ).order_by("pk")


def anonymise(today: datetime.date | None = None, dry_run: bool = True) -> list[int]:
    """Anonymise the due pupils (or only list them, with dry_run). Returns their ids."""
    ids = list(due_pupils(today).values_list("pk", flat=True))
    if dry_run or not ids:
        return ids
    _erase(ids)
    return ids


def close_pupil_account(pupil) -> None:
    """A pupil deletes their account: hosts are told (pending applications withdrawn,
    accepted and confirmed placements cancelled, so that a filled offer reopens), then the
    pupil is anonymised as above: the statistics keep their applications, nobody keeps them."""
    why = "L'élève a supprimé son compte."
    with transaction.atomic():
        release_open_applications(pupil, pupil, why)
        for application in Application.objects.filter(pupil=pupil, state=AppState.CONFIRMED):
            cancel(application, pupil, why)
        _erase([pupil.pk])


def _erase(ids: list[int]) -> None:
    now = timezone.now()
    with transaction.atomic():
        for pupil in User.objects.filter(pk__in=ids).select_for_update():
            pupil.first_name = ANONYMOUS_FIRST_NAME
            pupil.last_name = ANONYMOUS_LAST_NAME
            pupil.email = None
            pupil.is_active = False
            pupil.set_unusable_password()
            pupil.save()
        EmailAddress.objects.filter(user_id__in=ids).delete()
        Enrolment.objects.filter(pupil_id__in=ids).update(anonymised_at=now, login_digest=None)
        Application.objects.filter(pupil_id__in=ids).update(motivation="", answer="")
        ApplicationTransition.objects.filter(application__pupil_id__in=ids).update(message="")
        PupilProfile.objects.filter(pupil_id__in=ids).delete()
        pupils_anonymised.send(sender=User, pupil_ids=ids)
