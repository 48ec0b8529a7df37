"""Hosts are thanked: once a stage has ended, its organisation's members get an e-mail
listing the pupils they welcomed that school year (first name and initial, as every host
e-mail names a pupil).

A daily beat task finds the confirmed stages ended since they were last looked at
(`Application.thanked_at` still empty), one e-mail per organisation and school year, each
its own outbox task; the stages are marked in the same transaction, so a retry or a second
run never thanks twice. Stages that ended more than THANK_WITHIN ago are marked without an
e-mail: a thank-you a month late (a first run on old data) reads as a mistake.
"""

import datetime
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from organisations.models import Organisation
from outbox.services import defer
from reference.periods import school_year_bounds, school_year_containing, school_year_label

from . import emails
from .models import Application, AppState

THANK_WITHIN = datetime.timedelta(days=14)


def thank_hosts(today: datetime.date | None = None) -> int:
    """Defer one thank-you per organisation and school year with a stage newly ended;
    returns how many were deferred."""
    today = today or timezone.localdate()
    ended = Application.objects.filter(
        state=AppState.CONFIRMED, end__lt=today, thanked_at__isnull=True
    )
    now = timezone.now()
    ended.filter(end__lt=today - THANK_WITHIN).update(thanked_at=now)
    due = sorted(
        (organisation_id, school_year_containing(start), pk)
        for organisation_id, start, pk in ended.values_list("offer__organisation_id", "start", "pk")
    )
    count = 0
    for (organisation_id, school_year), group in groupby(due, key=lambda row: row[:2]):
        with transaction.atomic():
            Application.objects.filter(pk__in=[row[2] for row in group]).update(thanked_at=now)
            defer("placements.tasks.send_thanks", organisation_id, school_year)
        count += 1
    return count


def welcomed(organisation_id: int, school_year: int, today: datetime.date):
    """The organisation's confirmed stages of that school year that have ended."""
    first, last = school_year_bounds(datetime.date(school_year, 6, 1))
    return (
        Application.objects.filter(
            offer__organisation_id=organisation_id,
            state=AppState.CONFIRMED,
            start__range=(first, last),
            end__lt=today,
        )
        .select_related("pupil", "offer")
        .order_by("start", "pk")
    )


def send_thanks(organisation_id: int, school_year: int, today: datetime.date | None = None):
    today = today or timezone.localdate()
    stages = list(welcomed(organisation_id, school_year, today))
    if stages:
        emails.send_thanks(
            Organisation.objects.get(pk=organisation_id), stages, school_year_label(school_year)
        )
