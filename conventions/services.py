"""Writes on conventions: cancelling with the placement (signing is in `signing.py`)."""

from django.db import transaction
from django.utils import timezone

from outbox.services import defer

from .models import Convention, State


def cancel_for_application(application, reason: str = "") -> list[Convention]:
    """The placement is cancelled: its conventions (and amendments) too, and every party
    is told (one e-mail task per convention, deferred with the change)."""
    with transaction.atomic():
        conventions = list(
            Convention.objects.select_for_update()
            .filter(application=application)
            .exclude(state=State.CANCELLED)
        )
        for convention in conventions:
            convention.state = State.CANCELLED
            convention.cancelled_at = timezone.now()
            convention.refusal = reason
            convention.save(update_fields=["state", "cancelled_at", "refusal"])
            defer("conventions.tasks.send_cancelled", convention.pk)
    return conventions
