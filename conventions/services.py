"""Writes on conventions: cancelling with the placement (signing is in `signing.py`)."""

from django.db import transaction
from django.utils import timezone

from outbox.services import defer

from .models import Convention, SchoolClauses, State


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


class ConventionError(Exception):
    """A refused change; its message is shown to the person, in French."""


NOT_EDITABLE = (
    "Cette convention n'est plus un brouillon : elle est en signature, signée ou annulée. "
    "Une signature refusée la renvoie en brouillon ; une convention signée se modifie par "
    "un avenant."
)


def save_draft(form) -> Convention:
    """Save a ConventionForm or FamilyForm bound to a draft (checked under its row lock)."""
    with transaction.atomic():
        state = (
            Convention.objects.select_for_update()
            .values_list("state", flat=True)
            .get(pk=form.instance.pk)
        )
        if state != State.DRAFT:
            raise ConventionError(NOT_EDITABLE)
        return form.save()


def save_school_settings(school, form) -> None:
    form.instance.school = school
    form.save()


def save_clauses(school, form) -> None:
    SchoolClauses.objects.update_or_create(
        school=school,
        level=form.cleaned_data["level"],
        defaults={
            "approved_on": form.cleaned_data["approved_on"],
            "text": form.cleaned_data["text"],
        },
    )
