"""Reads: supply against demand, and equal access (gender mix per sector, accessible
offers and pupils needing one, distance from school to host). Pupil counts go through
`figures.tables.protected`; a median of fewer than 5 placements is not published."""

from placements.models import Gender
from reference.periods import seconde_period
from stages_bfc import french

from . import secrecy
from .cube import select
from .filters import Filters
from .pupil_figures import STATUS_KEYS, is_seconde, pupil_matches
from .selectors import offer_cell, supply_matches, week_cell
from .tables import Table, protected, pupil_table

FAR_KM = 30
GENDERS = [*Gender.choices, ("", "Sans réponse")]


def placement_matches(cell, filters: Filters) -> bool:
    return (
        pupil_matches(cell, filters)
        and (not filters.sector or cell.sector == filters.sector)
        and (not filters.host_type or cell.host_type == filters.host_type)
    )


def demand_by_week(snapshot, filters: Filters, supply_cells, pupil_cells) -> Table:
    """For each seconde week: places left in offers open to seconde, against seconde pupils
    still without a placement that week."""
    mondays = seconde_period(snapshot.school_year).weeks
    keys = [m.isoformat() for m in mondays]

    grid_ = protected(
        pupil_cells, filters, pupil_matches, "pupils",
        lambda c: [(m, "looking") for m in keys if m in c.missing_weeks.split(",")],
        ["looking"], keys, keep=("missing_weeks",), where=is_seconde,
    )  # fmt: skip
    places = dict.fromkeys(mondays, 0)
    for cell in select(supply_cells, filters, ("week", "publics"), week_cell, supply_matches):
        if cell.week in places and "seconde" in cell.publics.split(","):
            places[cell.week] += cell.places_left
    rows = [
        (
            f"Semaine du {french.date(m)}",
            {"places_left": places[m], "looking": grid_.get((m.isoformat(), "looking"))},
        )
        for m in mondays
    ]
    return Table(
        "offre-demande-semaine",
        "Places libres et élèves de seconde sans stage, par semaine",
        "Places libres : dans les offres ouvertes aux secondes, cette semaine-là. Élèves "
        "sans stage : élèves de seconde à qui cette semaine manque. " + secrecy.DEFINITION,
        [("places_left", "Places libres"), ("looking", "Élèves sans stage cette semaine")],
        rows,
        pupils=True,
        row_header="Semaine",
    )


def demand_by_department(snapshot, filters, names, supply_cells, pupil_cells) -> Table:
    """Places left over the year, against pupils whose placement is incomplete or missing."""
    everywhere = Filters(school_year=filters.school_year)
    grid_ = protected(
        pupil_cells, filters, pupil_matches, "pupils",
        lambda c: [(c.department, "looking")] if c.status != STATUS_KEYS[0] else [],
        ["looking"],
        sorted({c.department for c in select(pupil_cells, everywhere, ("department",),
                                            matches=pupil_matches)}),
        keep=("department", "status"),
    )  # fmt: skip
    places: dict = {}
    for cell in select(supply_cells, filters, ("department",), offer_cell, supply_matches):
        places[cell.department] = places.get(cell.department, 0) + cell.places_left
    departments = sorted(set(places) | {r for r, _ in grid_ if r != secrecy.TOTAL})
    rows = [
        (
            names["department"].get(d, d),
            {"places_left": places.get(d, 0), "looking": grid_.get((d, "looking"), 0)},
        )
        for d in departments
    ]
    return Table(
        "offre-demande-departement",
        "Places libres et élèves encore en recherche, par département",
        "Places libres : dans les offres du département (lieu du stage), sur l'année. Élèves "
        "en recherche : élèves des établissements du département au stage incomplet ou sans "
        "stage. " + secrecy.DEFINITION,
        [("places_left", "Places libres"), ("looking", "Élèves en recherche")],
        rows,
        pupils=True,
        row_header="Département",
    )


def gender_by_sector(filters, names, placement_cells) -> Table:
    everywhere = Filters(school_year=filters.school_year)
    sectors = sorted(
        {
            c.sector
            for c in select(placement_cells, everywhere, ("sector",), matches=placement_matches)
        },
        key=lambda s: names["sector"].get(s, s),
    )
    grid_ = protected(
        placement_cells, filters, placement_matches, "placements",
        lambda c: [(c.sector, c.gender)], [k for k, _ in GENDERS], sectors,
        keep=("sector", "gender"),
    )  # fmt: skip
    table = pupil_table(
        "egalite-genre-secteur",
        "Stages par secteur, filles et garçons",
        "Stages confirmés sur Stages BFC dans l'année, selon la réponse facultative des "
        "élèves. Part de filles : parmi les filles et les garçons, quand les deux sont publiés.",
        GENDERS,
        grid_,
        [(s, names["sector"].get(s, s)) for s in sectors],
        "Secteur",
    )
    table.columns.append(("girls_share", "Part de filles"))
    for (_, values), sector in zip(table.rows, [*sectors], strict=True):
        values["girls_share"] = _share(grid_.get((sector, "fille")), grid_.get((sector, "garcon")))
    table.total["girls_share"] = _share(
        grid_.get((secrecy.TOTAL, "fille")), grid_.get((secrecy.TOTAL, "garcon"))
    )
    return table


def _share(girls, boys) -> str | None:
    if girls is None or boys is None or not girls + boys:
        return None if girls is None or boys is None else "–"
    return f"{round(100 * girls / (girls + boys))} %"


def needs_place(cell) -> bool:
    """Pupils who answered that they need an accessible place."""
    return bool(cell.needs_accessible_place)


def accessible(filters, supply_cells, pupil_cells, placement_cells) -> Table:
    offers = select(supply_cells, filters, ("accessible",), offer_cell, supply_matches)
    total = sum(c.offers for c in offers)
    accessible_offers = sum(c.offers for c in offers if c.accessible)
    needing = protected(
        pupil_cells, filters, pupil_matches, "pupils", lambda c: [("need", c.status)],
        STATUS_KEYS, ["need"], keep=("status",), where=needs_place,
    )  # fmt: skip
    in_accessible = protected(
        placement_cells, filters, placement_matches, "placements",
        lambda c: [("need", "accessible" if c.offer_accessible else "other")],
        ["accessible", "other"], ["need"], keep=("offer_accessible",), where=needs_place,
    )  # fmt: skip
    share = f"{round(100 * accessible_offers / total)} %" if total else "–"
    raw = {
        "offers": {
            "accessible": accessible_offers,
            "other": total - accessible_offers,
            secrecy.TOTAL: total,
        },
        "needing": {k: needing.get(("need", k)) for k in [*STATUS_KEYS, secrecy.TOTAL]},
        "placements": {
            k: in_accessible.get(("need", k)) for k in ["accessible", "other", secrecy.TOTAL]
        },
    }
    rows = [
        ("Offres accessibles aux élèves en situation de handicap", {"value": f"{accessible_offers} sur {total} ({share})"}),
        ("Élèves ayant besoin d'un lieu accessible, stage complet", {"value": needing.get(("need", STATUS_KEYS[0]))}),
        ("… stage incomplet", {"value": needing.get(("need", STATUS_KEYS[1]))}),
        ("… sans stage", {"value": needing.get(("need", STATUS_KEYS[2]))}),
        ("Leurs stages dans une offre déclarée accessible", {"value": in_accessible.get(("need", "accessible"))}),
        ("Leurs stages dans une autre offre", {"value": in_accessible.get(("need", "other"))}),
    ]  # fmt: skip
    return Table(
        "egalite-accessibilite",
        "Accessibilité",
        "Offres : publiées ou complètes de l'année, déclarées accessibles par la structure. "
        "Élèves : ceux qui ont répondu avoir besoin d'un lieu de stage accessible. "
        + secrecy.DEFINITION,
        [("value", "Effectif")],
        rows,
        pupils=True,
        raw=raw,
    )


def distance(filters, names, placement_cells) -> Table:
    """Median distance from school to host, and share over FAR_KM, by school department."""
    groups: dict = {}  # department -> {km: placements}
    rows_ = select(
        placement_cells, filters, ("department", "distance_km"), matches=placement_matches
    )
    for c in rows_:
        for key in (c.department, secrecy.TOTAL):
            per_km = groups.setdefault(key, {})
            per_km[c.distance_km] = per_km.get(c.distance_km, 0) + c.placements
    rows, far_shares = [], {}  # far_shares: {label: the published share, in %}
    for key in [*sorted(k for k in groups if k != secrecy.TOTAL), secrecy.TOTAL]:
        if key not in groups:
            continue
        per_km = groups[key]
        count = sum(per_km.values())
        label = "Toute la sélection" if key == secrecy.TOTAL else names["department"].get(key, key)
        if secrecy.is_small(count):
            rows.append((label, {"median": None, "far": None}))
            continue
        far = sum(n for km, n in per_km.items() if km > FAR_KM)
        far_shares[label] = round(100 * far / count)
        rows.append(
            (
                label,
                {
                    "median": f"{_median(per_km, count):.0f} km",
                    "far": f"{far_shares[label]} %",
                },
            )
        )
    return Table(
        "egalite-distance",
        "Distance de l'établissement au lieu de stage",
        "Stages confirmés sur Stages BFC, à vol d'oiseau entre les communes de l'établissement "
        "et du stage, par département de l'établissement. Un groupe de moins de 5 stages "
        "n'est pas publié.",
        [("median", "Distance médiane"), ("far", f"Part à plus de {FAR_KM} km")],
        rows,
        pupils=True,
        row_header="Département de l'établissement",
        raw={"far": far_shares},
    )


def _median(per_km: dict, count: int) -> float:
    """The median of `count` distances given as {km: how many}: statistics.median's."""
    middle = [(count - 1) // 2, count // 2]  # the one or two middle ranks
    found, seen = [], 0
    for km in sorted(per_km):
        seen += per_km[km]
        while middle and middle[0] < seen:
            found.append(km)
            middle.pop(0)
    return (found[0] + found[1]) / 2
