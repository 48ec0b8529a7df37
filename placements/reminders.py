"""Reminders: organisations that leave applications unanswered, pupils without placement."""

import datetime
from itertools import groupby

from django.db import transaction
from django.utils import timezone

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
        .select_related("offer__organisation", "pupil", "school_class__school")
        .order_by("offer__organisation_id", "created_at")
    )
    count = 0
    for _, group in groupby(due, key=lambda a: a.offer.organisation_id):
        applications = list(group)
        with transaction.atomic():
            Application.objects.filter(pk__in=[a.pk for a in applications]).update(reminded_at=now)
            if emails.send_unanswered_reminder(applications[0].offer.organisation, applications):
                count += 1
    return count


def send_class_reminder(school_class_id: int, pupil_ids: list[int]) -> None:
    from accounts.models import User

    school_class = SchoolClass.objects.get(pk=school_class_id)
    addresses = list(
        User.objects.filter(pk__in=pupil_ids, is_active=True)
        .exclude(email__isnull=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    emails.send_placement_reminder(school_class, addresses)
