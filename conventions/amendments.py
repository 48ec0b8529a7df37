"""Amendments (avenants): the dates or hours of a signed convention change.

The signed convention is kept as it was signed; an amendment is a new convention pointing
at it (`amends`), a copy of what was last agreed (the convention, or its latest signed
amendment) where only the dates and hours may change, checked and signed the same way
(`signing.py`) and sealed with its own evidence page. One amendment is open at a time.
"""

import datetime

from django.db import transaction

from placements import services as placement_services
from stages_bfc import french

from .models import Convention, State

# What an amendment may change; the rest is what was signed.
CHANGEABLE = ["start", "end", "hours_start", "hours_end", "break_minutes", "days_per_week"]
_NOT_COPIED = {"id", "amends", "state", "created_at", "sent_at", "signed_at", "cancelled_at"}
_NOT_COPIED |= {"refusal", "signed_pdf", "sealed_at", "paper_checked_by", "paper_recorded_at"}


class AmendmentError(Exception):
    """A refused amendment; its message is shown to the teacher, in French."""


def open_amendment(original: Convention) -> Convention | None:
    return original.amendments.filter(state__in=[State.DRAFT, State.SIGNING]).first()


def last_agreed(original: Convention) -> Convention:
    """What holds today: the latest signed amendment, or the convention itself."""
    signed = original.amendments.filter(state=State.SIGNED).order_by("-signed_at", "-pk")
    return signed.first() or original


def start(original: Convention) -> Convention:
    """The open amendment of a signed convention, drafted from what was last agreed."""
    with transaction.atomic():
        original = Convention.objects.select_for_update().get(pk=original.pk)
        if original.is_amendment:
            raise AmendmentError("Un avenant se rattache à la convention, pas à un autre avenant.")
        if original.state != State.SIGNED:
            raise AmendmentError(
                "Seule une convention signée se modifie par un avenant : "
                "un brouillon se corrige directement."
            )
        if amendment := open_amendment(original):
            return amendment
        agreed = last_agreed(original)
        values = {
            field.name: getattr(agreed, field.name)
            for field in Convention._meta.concrete_fields
            if field.name not in _NOT_COPIED
        }
        return Convention.objects.create(**values, amends=original, state=State.DRAFT)


def follow_signed(amendment: Convention) -> None:
    """A signed amendment's dates become the placement's (placements' service)."""
    placement = amendment.application or amendment.external
    if placement is None:
        return
    placement_services.change_dates(
        placement,
        amendment.start,
        amendment.end,
        f"Dates changées par l'avenant signé : {french.date_range(amendment.start, amendment.end)}.",
    )


def changes(amendment: Convention) -> list[str]:
    """What the amendment changes, in words, against what was agreed before it."""
    if not amendment.is_amendment:
        return []
    original = amendment.amends
    earlier = original.amendments.filter(state=State.SIGNED, pk__lt=amendment.pk)
    before = earlier.order_by("-pk").first() or original
    lines = []
    labels = {f.name: f.verbose_name for f in Convention._meta.concrete_fields}
    for name in CHANGEABLE:
        old, new = getattr(before, name), getattr(amendment, name)
        if old != new:
            lines.append(f"{labels[name].capitalize()} : {_text(new)} (au lieu de {_text(old)})")
    return lines or ["Aucun changement pour le moment."]


def _text(value) -> str:
    if isinstance(value, datetime.date):
        return french.date(value)
    if isinstance(value, datetime.time):
        return french.time(value)
    return "non précisé" if value in (None, "") else str(value)
