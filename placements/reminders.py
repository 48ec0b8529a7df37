"""Reminders: organisations that leave applications unanswered, pupils without placement.

Each message is its own outbox task (one per organisation, one per pupil): a failure
midway retries only the message that failed.
"""

import datetime
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from organisations.models import Organisation
from outbox.services import defer

from . import emails
from .models import Application, AppState, SchoolClass

UNANSWERED_AFTER = datetime.timedelta(days=7)


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


def defer_class_reminders(school_class_id: int, pupil_ids: list[int]) -> None:
    """One deferred reminder per pupil (inside the caller's transaction, or its own)."""
    with transaction.atomic():
        for pupil_id in pupil_ids:
            defer("placements.tasks.send_placement_reminder", school_class_id, pupil_id)


def send_class_reminder(school_class_id: int, pupil_id: int) -> None:
    pupil = User.objects.filter(pk=pupil_id, is_active=True).first()
    if pupil is not None and pupil.email:
        school_class = SchoolClass.objects.get(pk=school_class_id)
        emails.send_placement_reminder(school_class, pupil.email)
