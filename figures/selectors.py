"""Reads: the figures of one snapshot, narrowed by the filters, as plain data for templates,
charts and exports. Each figure is a `Table` (its definition, its rows, its columns); pupil
counts pass through `figures.secrecy` before anyone sees them. A page reads a fixed number
of queries whatever its filters: the snapshot's cells are loaded once and cut in Python.
"""

from offers.models import Public
from organisations.models import Organisation
from reference.models import Department, Sector
from reference.periods import seconde_period
from stages_bfc import french

from .cube import PLACEMENT_DIMS, PUPIL_DIMS, SUPPLY_DIMS, Cube, select
from .filters import Filters
from .models import PlacementCell, PupilCell, Snapshot, SupplyCell
from .tables import Table


def latest_snapshot(school_year: int) -> Snapshot | None:
    return Snapshot.objects.filter(school_year=school_year).order_by("-computed_at").first()


def snapshot_years() -> list[int]:
    return sorted(set(Snapshot.objects.values_list("school_year", flat=True)), reverse=True)


def supply_matches(cell: SupplyCell, filters: Filters) -> bool:
    return (
        (not filters.department or cell.department == filters.department)
        and (not filters.academy or cell.academy == filters.academy)
        and (not filters.sector or cell.sector == filters.sector)
        and (not filters.host_type or cell.host_type == filters.host_type)
        and (not filters.public or filters.public in cell.publics.split(","))
    )


def offer_cell(cell) -> bool:
    """A cell counting offers once (its `week` null), not a week's periods."""
    return cell.week is None


def week_cell(cell) -> bool:
    return cell.week is not None


SUPPLY_COLUMNS = [("offers", "Offres"), ("places", "Places"), ("places_left", "Places libres")]


def _sum(cells, key) -> dict:
    """{key: {column: sum}} of the supply columns; a key no cell counts in is absent."""
    groups: dict = {}
    for cell in cells:
        # Read once per cell, not per key and column: this loop runs over every offer cell.
        offers, places, left = cell.offers, cell.places, cell.places_left
        for keyed in key(cell):
            group = groups.get(keyed)
            if group is None:
                groups[keyed] = {"offers": offers, "places": places, "places_left": left}
            else:
                group["offers"] += offers
                group["places"] += places
                group["places_left"] += left
    return groups


def _rows(model, snapshot):
    """The snapshot's cells as named tuples (the same attributes as the model's): at 100,000
    offers a snapshot holds some 150,000 cells, and building model instances (their init
    signals included) took most of a page's time."""
    fields = [
        f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "snapshot_id")
    ]
    return list(model.objects.filter(snapshot=snapshot).values_list(*fields, named=True))


# A snapshot never changes once written (a refresh writes a new one): each process keeps the
# cells of the latest one it read, so that only the first page after a refresh reads them.
_LOADED: dict[int, dict[str, list]] = {}


def load(snapshot: Snapshot) -> dict[str, list]:
    """Every cell of the snapshot, one query per kind (none when this process has them
    already), as `figures.cube.Cube`s: pages cut them in Python."""
    cells = _LOADED.get(snapshot.pk)
    if cells is None:
        cells = {
            "supply": Cube(
                _rows(SupplyCell, snapshot),
                dims=SUPPLY_DIMS,
                counts=("offers", "places", "places_left"),
            ),
            "pupils": Cube(_rows(PupilCell, snapshot), dims=PUPIL_DIMS, counts=("pupils",)),
            "placements": Cube(
                _rows(PlacementCell, snapshot), dims=PLACEMENT_DIMS, counts=("placements",)
            ),
        }
        _LOADED.clear()
        _LOADED[snapshot.pk] = cells
    return cells


def supply(snapshot: Snapshot, filters: Filters, names: dict, cells=None) -> dict:
    """Offers and places: the totals, and by week, department, sector, host type, public."""
    if cells is None:
        cells = load(snapshot)["supply"]

    def offers(*keep):
        return select(cells, filters, keep, offer_cell, supply_matches)

    total = _sum(offers(), lambda c: ["all"]).get("all") or dict.fromkeys(
        k for k, _ in SUPPLY_COLUMNS
    )
    seconde = set(seconde_period(snapshot.school_year).weeks)
    weeks = _sum(select(cells, filters, ("week",), week_cell, supply_matches), lambda c: [c.week])
    definition = (
        "Offres publiées ou complètes ayant une période dans l'année scolaire ; places : "
        "la somme des places de leurs périodes ; places libres : celles qu'aucune "
        "candidature acceptée ou confirmée ne tient."
    )
    tables = [
        Table(
            "offres-semaine",
            "Offres et places par semaine",
            "Une période compte dans chaque semaine (du lundi au vendredi) qu'elle touche. "
            "Les semaines de seconde sont signalées. " + definition,
            SUPPLY_COLUMNS,
            [
                (
                    "Semaine du "
                    + french.date(monday)
                    + (" (seconde)" if monday in seconde else ""),
                    weeks[monday],
                )
                for monday in sorted(weeks)
            ],
            row_keys=sorted(weeks),
        )
    ]
    cuts = [
        ("offres-departement", "par département", "department", names["department"]),
        ("offres-secteur", "par secteur", "sector", names["sector"]),
        ("offres-structure", "par type de structure", "host_type", names["host_type"]),
        ("offres-public", "par public", "publics", names["public"]),
    ]
    for slug, label, attr, labels in cuts:
        if attr == "publics":
            groups = _sum(offers(attr), lambda c: c.publics.split(","))
        else:
            groups = _sum(offers(attr), lambda c, attr=attr: [getattr(c, attr)])
        rows = sorted(groups.items(), key=lambda item: -(item[1]["offers"] or 0))
        tables.append(
            Table(
                slug,
                f"Offres et places {label}",
                definition
                + (
                    " Une offre ouverte à plusieurs publics compte pour chacun."
                    if slug == "offres-public"
                    else ""
                ),
                SUPPLY_COLUMNS,
                [(labels.get(k, k), values) for k, values in rows],
            )
        )
    return {"total": total, "tables": tables, "seconde_weeks": sorted(seconde)}


def names() -> dict[str, dict[str, str]]:
    """Labels of the codes the cells hold (two queries)."""
    return {
        "department": {
            code: f"{name} ({code})"
            for code, name in Department.objects.values_list("code", "name")
        },
        "sector": dict(Sector.objects.values_list("code", "label")),
        "host_type": dict(Organisation.HostType.choices),
        "public": dict(Public.choices),
    }
