"""The coverage map: the region's departments coloured by the share of their pupils whose
stage is complete (the geometry: `reference.geometry`, its source named in
reference/data/SOURCES.md). Drawn by templates/figures/_chart.html as the other charts."""

from dataclasses import dataclass

from reference.geometry import Projection, department_shapes

from . import secrecy
from .tables import Table

WIDTH = 340  # as figures.charts


def _percent(share: float) -> str:
    return f"{round(100 * share)} %"


# Map classes: the share of pupils whose stage is complete, lightest to darkest.
MAP_STEPS = [(0.2, "m-0"), (0.4, "m-1"), (0.6, "m-2"), (0.8, "m-3"), (1.01, "m-4")]
MAP_LEGEND = [
    ("m-0", "moins de 20 %"),
    ("m-1", "20 à 39 %"),
    ("m-2", "40 à 59 %"),
    ("m-3", "60 à 79 %"),
    ("m-4", "80 % et plus"),
    ("c-secret", "secret statistique ou aucun élève"),
]


@dataclass
class Area:
    code: str
    name: str
    path: str
    css: str
    x: float
    y: float
    text: str

    @property
    def value_y(self):
        return round(self.y + 13, 1)


@dataclass
class Map:
    kind = "map"
    slug: str
    view_box: str
    areas: list[Area]
    legend: list[tuple[str, str]]
    shares: list[tuple[float, str]]  # (share, department name) of the departments published
    summary: str = ""  # written by figures.charts


def departments_map(table: Table, key: str = "complete") -> Map:
    """The departments coloured by the share of their pupils whose stage is complete."""
    projection = Projection(width=WIDTH, margin=6)
    values_of = dict(zip(table.row_keys, [values for _, values in table.rows], strict=False))
    areas, shares = [], []
    for shape in department_shapes(projection):
        values = values_of.get(shape.code, {})
        total, part = values.get(secrecy.TOTAL), values.get(key)
        if total and part is not None:
            share = part / total
            css = next(step for limit, step in MAP_STEPS if share < limit)
            text = _percent(share)
            shares.append((share, shape.name))
        else:
            css, text = "c-secret", "–"
        areas.append(
            Area(shape.code, shape.name, shape.path, css, shape.label_x, shape.label_y, text)
        )
    return Map(table.slug + "-carte", projection.view_box, areas, MAP_LEGEND, shares)
