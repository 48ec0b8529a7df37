"""Reminders: organisations that leave applications unanswered, members' daily digests,
pupils without placement.

Each message is its own outbox task (one per organisation, one per pupil): a failure
midway retries only the message that failed.
"""

import datetime
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisations.models import EmailRhythm, Membership, Organisation
from outbox.services import defer
from reference.periods import REMIND_AFTER

from . import coverage, emails
from .models import Application, AppState, Enrolment, SchoolClass

UNANSWERED_AFTER = REMIND_AFTER


def remind_unanswered(now=None) -> int:
    """One reminder per organisation for its applications unanswered for 7 days; each
    application is reminded once. Returns the number of organisations reminded."""
    now = now or timezone.now()
    due = (
        Application.objects.filter(
            state=AppState.SUBMITTED,
            created_at__lte=now - UNANSWERED_AFTER,
            reminded_at__isnull=True,
        )
        .order_by("offer__organisation_id", "created_at")
        .values_list("offer__organisation_id", "pk")
    )
    count = 0
    for organisation_id, group in groupby(due, key=lambda row: row[0]):
        application_ids = [pk for _, pk in group]
        with transaction.atomic():
            Application.objects.filter(pk__in=application_ids).update(reminded_at=now)
            defer("placements.tasks.send_unanswered_reminder", organisation_id, application_ids)
        count += 1
    return count


def send_unanswered_reminder(organisation_id: int, application_ids: list[int]) -> None:
    """The reminder for those of the applications still unanswered when it is sent."""
    applications = list(
        Application.objects.filter(pk__in=application_ids, state=AppState.SUBMITTED)
        .select_related("offer__organisation", "pupil", "school_class__school")
        .order_by("created_at", "pk")
    )
    if applications:
        emails.send_unanswered_reminder(Organisation.objects.get(pk=organisation_id), applications)


DIGEST_SPAN = datetime.timedelta(days=1)  # the first digest looks back one day


def send_daily_digests(now=None) -> int:
    """One deferred digest per member who chose the daily rhythm and whose organisation
    received applications since their last digest. Returns the number deferred."""
    now = now or timezone.now()
    count = 0
    members = Membership.objects.active().filter(email_rhythm=EmailRhythm.DAILY)
    for membership in members.order_by("pk"):
        since = membership.digest_sent_at or max(membership.joined_at, now - DIGEST_SPAN)
        news = Application.objects.filter(
            offer__organisation_id=membership.organisation_id,
            created_at__gte=since,
            created_at__lt=now,
        )
        if not news.exists():
            continue
        with transaction.atomic():
            # The next digest starts where this one stops, whether or not it is sent yet.
            Membership.objects.filter(pk=membership.pk).update(digest_sent_at=now)
            defer("placements.tasks.send_digest", membership.pk, since.isoformat(), now.isoformat())
        count += 1
    return count


def send_digest(membership_id: int, since: str, until: str) -> None:
    membership = (
        Membership.objects.active()
        .filter(pk=membership_id, email_rhythm=EmailRhythm.DAILY)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None or not membership.user.email:
        return  # left, or changed their mind meanwhile
    in_organisation = Application.objects.filter(offer__organisation_id=membership.organisation_id)
    news = list(
        in_organisation.filter(
            created_at__gte=datetime.datetime.fromisoformat(since),
            created_at__lt=datetime.datetime.fromisoformat(until),
        )
        .select_related("pupil", "offer")
        .order_by("created_at", "pk")
    )
    if news:
        waiting = in_organisation.filter(state=AppState.SUBMITTED).count()
        emails.send_digest(membership, news, waiting)


def defer_class_reminders(school_class_id: int, pupil_ids: list[int]) -> None:
    """One deferred reminder per pupil (inside the caller's transaction, or its own)."""
    with transaction.atomic():
        for pupil_id in pupil_ids:
            defer("placements.tasks.send_placement_reminder", school_class_id, pupil_id)


def send_class_reminder(school_class_id: int, pupil_id: int) -> None:
    """Sent if the pupil's stage is still incomplete when the task runs, saying what is
    missing (placements.coverage)."""
    pupil = User.objects.filter(pk=pupil_id, is_active=True).first()
    if pupil is None or not pupil.email:
        return
    enrolments = Enrolment.objects.filter(pupil=pupil, school_class_id=school_class_id)
    cover = next(iter(coverage.for_enrolments(enrolments).values()), None)
    if cover is None or cover.complete:
        return
    school_class = SchoolClass.objects.get(pk=school_class_id)
    emails.send_placement_reminder(school_class, pupil.email, cover)
