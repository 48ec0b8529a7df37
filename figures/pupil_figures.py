"""Reads: the pupils' figures of a snapshot (coverage, its trend, supply against demand),
every count through `figures.tables.protected`, so through secrecy."""

import datetime
from operator import attrgetter

from placements.coverage import COMPLETE, NONE, PARTIAL
from placements.levels import Level
from reference.models import School
from reference.periods import seconde_period, week_monday
from stages_bfc import french

from .cube import select
from .filters import Filters
from .models import CoverageDay
from .tables import Table, protected, pupil_table

STATUSES = [(COMPLETE, "Stage complet"), (PARTIAL, "Stage incomplet"), (NONE, "Sans stage")]
STATUS_KEYS = [key for key, _ in STATUSES]
STATUS_DEFINITION = (
    "Élèves des classes de l'année, selon ce que leur niveau demande : complet (les deux "
    "semaines de seconde, la séquence d'observation, les périodes de PFMP, ou un stage pour "
    "les niveaux sans obligation), incomplet (une semaine de seconde sur deux, une partie des "
    "jours ou des périodes), sans stage. Un stage compte s'il est confirmé sur Stages BFC ou "
    "déclaré trouvé hors de la plateforme."
)
SCHOOLS_SHOWN = 20


def pupil_matches(cell, filters: Filters) -> bool:
    return (
        (not filters.department or cell.department == filters.department)
        and (not filters.academy or cell.academy == filters.academy)
        and (not filters.school_kind or cell.school_kind == filters.school_kind)
        and (not filters.level or cell.level == filters.level)
    )


def is_seconde(cell) -> bool:
    return cell.level == Level.SECONDE


def _status_table(cells, filters, slug, title, attr, rows, row_header):
    key = attrgetter(attr)
    grid_ = protected(
        cells, filters, pupil_matches, "pupils", lambda c: [(key(c), c.status)],
        STATUS_KEYS, [r for r, _ in rows], keep=(attr, "status"),
    )  # fmt: skip
    return pupil_table(slug, title, STATUS_DEFINITION, STATUSES, grid_, rows, row_header)


def _behind(matching) -> list[str]:
    """Schools by share of pupils without a stage, then by their number."""
    per_school: dict = {}
    for c in matching:
        counts = per_school.setdefault(c.school, dict.fromkeys(STATUS_KEYS, 0))
        counts[c.status] += c.pupils

    def order(school):
        counts = per_school[school]
        return (-counts[NONE] / max(sum(counts.values()), 1), -counts[NONE], school)

    return sorted(per_school, key=order)[:SCHOOLS_SHOWN]


def coverage(snapshot, filters: Filters, names: dict, cells: list) -> dict:
    departments = sorted(
        {c.department for c in select(cells, filters, ("department",), matches=pupil_matches)}
    )
    by_department = _status_table(
        cells, filters, "couverture-departement", "Élèves et stages par département",
        "department", [(d, names["department"].get(d, d)) for d in departments], "Département",
    )  # fmt: skip
    present = {c.level for c in select(cells, filters, ("level",), matches=pupil_matches)}
    by_level = _status_table(
        cells, filters, "couverture-niveau", "Élèves et stages par niveau",
        "level", [(k, label) for k, label in Level.choices if k in present], "Niveau",
    )  # fmt: skip
    behind = _behind(select(cells, filters, ("school", "status"), matches=pupil_matches))
    # Never an empty IN (Django skips it): one query whatever the filters.
    school_names = dict(School.objects.filter(uai__in=behind or [""]).values_list("uai", "name"))
    by_school = _status_table(
        cells, filters, "couverture-etablissements",
        f"Les {SCHOOLS_SHOWN} établissements les plus en retard", "school",
        [(s, school_names.get(s, s)) for s in behind], "Établissement",
    )  # fmt: skip
    by_school.notes.append(
        "Classés par part d'élèves sans stage, puis par nombre d'élèves sans stage."
    )
    return {
        "total": by_department.total,
        "tables": [by_department, by_level, by_school, seconde_weeks(snapshot, filters, cells)],
    }


def seconde_weeks(snapshot, filters: Filters, cells) -> Table:
    """Seconde pupils, for each of the two national weeks: with a placement that week or not."""
    mondays = [m.isoformat() for m in seconde_period(snapshot.school_year).weeks]
    columns = [("covered", "Semaine trouvée"), ("missing", "Semaine manquante")]

    def keys(cell):
        missing = cell.missing_weeks.split(",")
        return [(m, "missing" if m in missing else "covered") for m in mondays]

    grid_ = protected(
        cells, filters, pupil_matches, "pupils", keys, ["covered", "missing"], mondays,
        keep=("missing_weeks",), where=is_seconde,
    )  # fmt: skip
    rows = [(m, f"Semaine du {french.date(_date(m))}") for m in mondays]
    table = pupil_table(
        "couverture-semaines-seconde",
        "Élèves de seconde par semaine nationale",
        "Élèves de seconde générale et technologique : pour chacune des deux semaines de "
        "juin, s'ils y ont un stage ou non.",
        columns,
        grid_,
        rows,
        "Semaine",
    )
    table.total = None  # the two weeks count the same pupils: no sum
    return table


def _date(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def trend(snapshot, filters: Filters) -> Table:
    """Pupils by status, week by week: the last day computed in each week."""
    days = list(CoverageDay.objects.filter(school_year=snapshot.school_year).order_by("day"))
    last_of_week: dict = {}
    for row in days:
        key = week_monday(row.day)
        if last_of_week.get(key, row.day) <= row.day:
            last_of_week[key] = row.day
    wanted = set(last_of_week.values())
    rows = [(d, f"Semaine du {french.date(m)}") for m, d in sorted(last_of_week.items())]
    grid_ = protected(
        [row for row in days if row.day in wanted], filters, pupil_matches, "pupils",
        lambda c: [(c.day, c.status)], STATUS_KEYS, [d for d, _ in rows],
    )  # fmt: skip
    table = pupil_table(
        "couverture-evolution",
        "Évolution semaine après semaine",
        "Les mêmes effectifs au dernier calcul de chaque semaine. " + STATUS_DEFINITION,
        STATUSES,
        grid_,
        rows,
        "Semaine",
    )
    table.total = None  # weeks are successive pictures of the same pupils
    return table
