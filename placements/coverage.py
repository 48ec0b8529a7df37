"""What each pupil's level needs, what their placements cover, and what is missing.

The one place that says whether a pupil "has a stage". A placement is a confirmed
application or a placement found elsewhere (`ExternalPlacement`), of the class's school year.
By the class's level (`placements.levels`):

- seconde GT: the two national weeks (`reference.periods.seconde_period`); a week is covered
  when a placement meets it (hosts offer whole weeks; a pupil may do one week with each of
  two hosts, or both with one) -> "2 semaines sur 2", "1 semaine sur 2 : il manque la
  semaine du 21 juin", "aucune";
- 4e, 3e: the observation sequence, `SchoolClass.observation_days` working days (5 by
  default), counted once however the placements overlap -> "3 jours sur 5 : il manque 2 jours";
- lycée professionnel: each PFMP period the class declares (`TrainingPeriod`), covered when
  placements cover all its working days -> "1 période sur 2 : il manque la période du …";
  a class that declared none is measured as the levels below;
- post-bac, apprentices, adults: no requirement; complete with any placement -> "1 stage".

API (stable, used by the teacher's table, reminders, eligibility, and other apps' figures):

    for_enrolments(enrolments) -> dict[enrolment_id, Coverage]
    for_class(school_class) -> dict[pupil_id, Coverage]
    for_pupil(pupil, enrolment=None) -> Coverage | None   (their current class)
    counts(coverages) -> {COMPLETE: n, PARTIAL: n, NONE: n}

`enrolments` is a queryset (any size: a class, a school, many schools) or a list of
enrolments; the work is four queries whatever the number of pupils, never one per pupil.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from reference.periods import (
    school_year_end,
    seconde_period,
    span_text,
    week_of,
    working_days,
)

from . import levels
from .levels import Need
from .models import Application, AppState, Enrolment, ExternalPlacement, TrainingPeriod

COMPLETE, PARTIAL, NONE = "complete", "partial", "none"
STATUS_LABELS = {
    COMPLETE: "Stage complet",
    PARTIAL: "Stage incomplet",
    NONE: "Sans stage",
}


@dataclass(frozen=True, order=True)
class Span:
    start: datetime.date
    end: datetime.date

    @property
    def text(self) -> str:
        """ "la semaine du 14 juin", or "du 3 au 7 février 2027"."""
        return span_text(self.start, self.end)

    def meets(self, other: "Span") -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class Coverage:
    enrolment_id: int
    pupil_id: int
    school_class_id: int
    school_year: int
    level: str
    need: str  # a levels.Need value: how `needed` and `covered` are counted
    needed: int  # weeks, days or periods; 0 when the level requires nothing
    covered: int  # of those, how many are covered (for CHOICE: the number of placements)
    missing: tuple[Span, ...]  # the weeks or periods not covered yet
    placements: tuple[Span, ...]  # the pupil's placements of the year, by date
    status: str  # COMPLETE, PARTIAL or NONE

    @property
    def complete(self) -> bool:
        return self.status == COMPLETE

    @property
    def missing_days(self) -> int:
        return max(self.needed - self.covered, 0) if self.need == Need.DAYS else 0

    @property
    def label(self) -> str:
        """What the teacher's table shows: "2 semaines sur 2", "aucune"…"""
        if self.need == Need.CHOICE:
            n = self.covered
            return f"{n} stage{'s' if n > 1 else ''}" if n else "aucun stage"
        if self.need == Need.DAYS:
            if not self.covered:
                return "aucun jour"
            text = f"{self.covered} jour{'s' if self.covered > 1 else ''} sur {self.needed}"
            if self.missing_days:
                plural = "s" if self.missing_days > 1 else ""
                text += f" : il manque {self.missing_days} jour{plural}"
            return text
        unit = "semaine" if self.need == Need.SECONDE_WEEKS else "période"
        if not self.covered and self.status == NONE:
            return "aucune"
        text = f"{self.covered} {unit}{'s' if self.covered > 1 else ''} sur {self.needed}"
        if self.missing:
            return f"{text} : il manque {_missing_text(unit, self.missing)}"
        return text

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _missing_text(unit: str, missing: tuple[Span, ...]) -> str:
    if unit == "semaine":
        return " et ".join(week_of(span.start) for span in missing)
    texts = [span_text(span.start, span.end) for span in missing]
    if len(texts) == 1:
        return f"la période {texts[0]}"
    return f"les périodes {', '.join(texts[:-1])} et {texts[-1]}"


def _year_bounds(school_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(school_year - 1, 9, 1), school_year_end(school_year)


def _status(covered: int, needed: int, touched: bool) -> str:
    if needed and covered >= needed:
        return COMPLETE
    return PARTIAL if covered or touched else NONE


def measure(
    *,
    level: str,
    school_year: int,
    placements: Iterable[Span],
    observation_days: int = levels.DEFAULT_OBSERVATION_DAYS,
    training_periods: Iterable[Span] = (),
    ids: tuple[int, int, int] = (0, 0, 0),
) -> Coverage:
    """The coverage of one pupil from what is already loaded (no query)."""
    first, last = _year_bounds(school_year)
    spans = tuple(sorted(s for s in placements if s.start <= last and s.end >= first))
    need = levels.need_of(level)
    training = tuple(sorted(training_periods))
    if need == Need.PERIODS and not training:
        need = Need.CHOICE
    days = set().union(*(working_days(s.start, s.end) for s in spans)) if spans else set()
    missing: tuple[Span, ...] = ()
    touched = False
    if need == Need.SECONDE_WEEKS:
        weeks = [Span(m, f) for m, f in seconde_period(school_year).working_weeks]
        missing = tuple(w for w in weeks if not any(w.meets(s) for s in spans))
        needed, covered = len(weeks), len(weeks) - len(missing)
    elif need == Need.DAYS:
        needed = max(observation_days, 1)
        covered = min(len(days), needed)
    elif need == Need.PERIODS:
        required = [(p, working_days(p.start, p.end)) for p in training]
        missing = tuple(p for p, wanted in required if not wanted <= days)
        needed, covered = len(training), len(training) - len(missing)
        touched = any(wanted & days for _, wanted in required)
    else:
        needed, covered = 0, len(spans)
    status = _status(covered, needed, touched) if need != Need.CHOICE else _choice(spans)
    enrolment_id, pupil_id, class_id = ids
    return Coverage(
        enrolment_id=enrolment_id,
        pupil_id=pupil_id,
        school_class_id=class_id,
        school_year=school_year,
        level=level,
        need=need,
        needed=needed,
        covered=covered,
        missing=missing,
        placements=spans,
        status=status,
    )


def _choice(spans) -> str:
    return COMPLETE if spans else NONE


ENROLMENT_FIELDS = (
    "pk",
    "pupil_id",
    "school_class_id",
    "school_class__level",
    "school_class__school__kind",
    "school_class__school_year",
    "school_class__observation_days",
)


def for_enrolments(enrolments) -> dict[int, Coverage]:
    """Coverage of each enrolment (a queryset or a list), keyed by enrolment pk: 4 queries."""
    if isinstance(enrolments, QuerySet):
        rows = list(enrolments.order_by().values_list(*ENROLMENT_FIELDS))
        pupils = enrolments.order_by().values("pupil_id")
    else:
        pks = [e.pk for e in enrolments]
        rows = list(Enrolment.objects.filter(pk__in=pks).values_list(*ENROLMENT_FIELDS))
        pupils = [row[1] for row in rows]
    if not rows:
        return {}
    placed: dict[int, list[tuple[Span, int | None]]] = {}
    confirmed = Application.objects.filter(pupil_id__in=pupils, state=AppState.CONFIRMED)
    for pupil_id, start, end in confirmed.values_list("pupil_id", "start", "end"):
        placed.setdefault(pupil_id, []).append((Span(start, end), None))
    external = ExternalPlacement.objects.filter(pupil_id__in=pupils)
    for pupil_id, start, end, year in external.values_list(
        "pupil_id", "start", "end", "school_year"
    ):
        placed.setdefault(pupil_id, []).append((Span(start, end), year))
    class_ids = {row[2] for row in rows}
    training: dict[int, list[Span]] = {}
    for class_id, start, end in TrainingPeriod.objects.filter(
        school_class_id__in=class_ids
    ).values_list("school_class_id", "start", "end"):
        training.setdefault(class_id, []).append(Span(start, end))
    result = {}
    for pk, pupil_id, class_id, level, kind, year, days in rows:
        spans = [
            span
            for span, external_year in placed.get(pupil_id, [])
            if external_year is None or external_year == year
        ]
        result[pk] = measure(
            level=levels.effective(level, kind),
            school_year=year,
            placements=spans,
            observation_days=days,
            training_periods=training.get(class_id, ()),
            ids=(pk, pupil_id, class_id),
        )
    return result


def for_class(school_class) -> dict[int, Coverage]:
    """Coverage of each pupil of a class, keyed by pupil pk."""
    coverages = for_enrolments(Enrolment.objects.filter(school_class=school_class))
    return {c.pupil_id: c for c in coverages.values()}


def for_pupil(pupil, enrolment=None) -> Coverage | None:
    """Coverage of a pupil in their current class (or the enrolment given); None without."""
    if enrolment is None:
        enrolment = Enrolment.objects.current().filter(pupil=pupil).order_by("pk").first()
        if enrolment is None:
            return None
    return for_enrolments([enrolment]).get(enrolment.pk)


def counts(coverages: Iterable[Coverage]) -> dict[str, int]:
    totals = {COMPLETE: 0, PARTIAL: 0, NONE: 0}
    for coverage in coverages:
        totals[coverage.status] += 1
    return totals
