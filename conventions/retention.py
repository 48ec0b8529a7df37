"""Kept, then forgotten: how long a convention (and the family data only it holds) lives.

- A signed convention, with its amendments, evidence and sealed PDF: 5 years after the
  end of the placement (its latest signed amendment's end, if later). Source: the
  instruction de tri et de conservation des archives des établissements d'enseignement
  (DAF DPACI/RES/2005/003, 22 February 2005), which sets the conventions de stage's
  administrative use period; the figure of 5 years is the one the académies' archiving
  tables give, and was not re-read in the instruction itself (docs/conventions.md).
- A convention never signed (a draft, one cancelled or left in signature): no legal
  value, so one year after its end, as pupils are (placements/anonymise.py); at once when
  the pupil is anonymised or closes their account (`forget_unsigned_of`).

Erasing deletes the rows (signatures, evidence and amendments go with them): no copy of
the family data stays anywhere else.
"""

import datetime

from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import Convention, State

SIGNED_KEPT_YEARS = 5
UNSIGNED_KEPT = datetime.timedelta(days=365)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def kept_until(convention: Convention) -> datetime.date:
    if convention.state == State.SIGNED:
        return convention.end.replace(year=convention.end.year + SIGNED_KEPT_YEARS)
    return convention.end + UNSIGNED_KEPT


def due(today: datetime.date | None = None):
    """The conventions (amendments aside: they go with theirs) past their keeping."""
    today = today or timezone.localdate()
    signed_end = Max("amendments__end", filter=Q(amendments__state=State.SIGNED))
    originals = Convention.objects.filter(amends=None).annotate(
        last_end=Greatest("end", Coalesce(signed_end, F("end")))
    )
    return originals.filter(
        Q(state=State.SIGNED, last_end__lt=years_before(today, SIGNED_KEPT_YEARS))
        | (~Q(state=State.SIGNED) & Q(last_end__lt=today - UNSIGNED_KEPT))
    ).order_by("pk")


def erase(today: datetime.date | None = None, dry_run: bool = True) -> list[int]:
    """Delete the conventions due (or only list them, with dry_run). Returns their ids."""
    ids = list(due(today).values_list("pk", flat=True))
    if not dry_run and ids:
        with transaction.atomic():
            Convention.objects.filter(pk__in=ids).delete()
    return ids


def forget_unsigned_of(pupil_ids: list[int]) -> int:
    """Anonymised pupils: what was never signed goes now; signed conventions stay for
    their legal period (they are the school's archive, not the platform's profile)."""
    deleted, _ = (
        Convention.objects.filter(pupil_id__in=pupil_ids).exclude(state=State.SIGNED).delete()
    )
    return deleted
