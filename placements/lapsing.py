"""Applications nobody answered: closed at their answer deadline, so that a pupil is not left
waiting for a stage that will not happen (docs/applications.md says why 14 days).

The deadline is `reference.periods.answer_deadline`: 14 days after the application, and at
the latest the day before the stage starts. A nightly beat task (`placements.tasks.
lapse_unanswered`) closes those past it, each in its own transaction, and defers the
pupil's message through the outbox.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from reference.periods import answer_deadline, lapse_bounds

from . import services
from .models import Application, AppState

MESSAGE = "Sans réponse de la structure avant la date limite."


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def past_deadline(today: datetime.date):
    """The waiting applications past their answer deadline on `today`."""
    sent_before, starting_by = lapse_bounds(today)
    return Application.objects.filter(state=AppState.SUBMITTED).filter(
        Q(created_at__lt=_start_of(sent_before))
        | Q(created_at__lt=_start_of(today), start__lte=starting_by)
    )


def lapse_unanswered(today: datetime.date | None = None) -> int:
    """Close every waiting application past its deadline; returns how many were closed."""
    today = today or timezone.localdate()
    count = 0
    for application in past_deadline(today).order_by("created_at", "pk"):
        # The rule itself decides; the query above only finds the candidates.
        if answer_deadline(timezone.localdate(application.created_at), application.start) >= today:
            continue
        try:
            services.lapse(application, MESSAGE)
        except services.ApplicationError:
            continue  # answered or withdrawn meanwhile
        count += 1
    return count
