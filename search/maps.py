"""The map of a search's results (/stages/carte/), as data: one point per commune with
offers, its area proportional to their count, over the region's departments.

Everything is drawn from what the platform ships: the communes' coordinates
(reference/data/communes.csv) and the departments' outlines (reference.geometry), projected
on the server into one SVG. No tile server, no script, no request leaves the site. The list
of communes beside the map says the same thing in words: it is the map's accessible
alternative, and it works without the map.

A search around a commune frames its circle (the view box shrinks); sizes that must read
the same at any zoom (points, labels) are divided by the zoom, strokes do not scale (CSS).
"""

import dataclasses
import math
from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode

from reference.geometry import DepartmentShape, Projection, department_shapes

from . import queries
from .filters import RADIUS_MIN, SearchForm, SearchParams
from .selectors import matches

PROJECTION = Projection(width=600.0)
# Point radii at the region's scale (the map is 600 units wide): the smallest stays visible
# on a phone, the largest does not hide a department.
MIN_RADIUS, MAX_RADIUS = 3.5, 18.0
FONT_SIZE = 13.0
LABELLED = 6  # at most this many communes (most offers first) get their name on the map
# The map's own fields; the others are carried over as they are (hidden inputs).
MAP_FIELDS = ("q", "commune", "rayon", "tri")
KM_PER_DEGREE_LATITUDE = 111.2
MIN_FRAME = 90.0  # the narrowest view box (about 35 km across): a 5 km circle is not a blob


@dataclass(frozen=True)
class Point:
    insee: str
    name: str
    department: str
    offers: int
    x: float
    y: float
    r: float
    label_y: float | None  # its name above it, when that does not cover another name
    label_anchor: str
    list_url: str  # the list of offers around this commune, with the search's other filters


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    anchor: str  # "middle", or "end" / "start" near an edge: the name stays inside the map


@dataclass(frozen=True)
class Circle:
    """The searched commune's circle, its centre marked and named."""

    x: float
    y: float
    r: float
    name: str
    label_y: float | None = None
    label_anchor: str = ""


@dataclass(frozen=True)
class Frame:
    """The view box, and how much it enlarges the region's map."""

    x: float
    y: float
    width: float
    height: float

    @property
    def zoom(self) -> float:
        return PROJECTION.width / self.width

    @property
    def pixel_height(self) -> float:
        """The SVG's height attribute for a 600-wide one (its aspect ratio)."""
        return round(PROJECTION.width * self.height / self.width, 1)

    @property
    def view_box(self) -> str:
        return f"{self.x:g} {self.y:g} {self.width:g} {self.height:g}"


@dataclass(frozen=True)
class OfferMap:
    points: list[Point]
    departments: tuple[DepartmentShape, ...]
    department_labels: list[Label]
    frame: Frame
    font_size: float
    list_url: str  # the same search as a list
    carried: list[tuple[str, str]]  # the other filters, as (name, value) hidden inputs
    notices: list[str]
    place: Circle | None  # the search's circle when it has a place

    @property
    def total(self) -> int:
        return sum(point.offers for point in self.points)

    @property
    def centre_radius(self) -> float:
        """The searched commune's dot, as large on screen at any zoom."""
        return round(self.font_size * 0.4, 2)

    @property
    def communes(self) -> int:
        return len(self.points)

    @property
    def largest(self) -> int:
        return self.points[0].offers if self.points else 0


def radius(offers: int, largest: int) -> float:
    """Area proportional to the count: the radius grows as its square root."""
    if largest <= 1:
        return MIN_RADIUS
    share = math.sqrt((offers - 1) / (largest - 1))
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share


def _search_url(query: dict[str, list[str]], **changes) -> str:
    query = {**query, **{name: [value] for name, value in changes.items()}}
    path = reverse("search:offers")
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def _place_circle(params: SearchParams) -> Circle | None:
    if not params.place:
        return None
    x, y = PROJECTION.project(params.place.longitude, params.place.latitude)
    r = params.radius / KM_PER_DEGREE_LATITUDE * PROJECTION.scale
    return Circle(x, y, round(r, 1), params.place.name)


def _frame(place: Circle | None) -> Frame:
    if place is None:
        return Frame(0, 0, PROJECTION.width, PROJECTION.height)
    side = max(MIN_FRAME, place.r * 2.6)
    return Frame(round(place.x - side / 2, 1), round(place.y - side / 2, 1), side, side)


class _Labels:
    """Greedy placement: a name is written only inside the frame and where it covers no name
    already written."""

    def __init__(self, font_size: float, frame: Frame):
        self.font_size = font_size
        self.frame = frame
        self.boxes: list[tuple[float, float, float, float]] = []

    def box(self, text: str, x: float, y: float, anchor: str):
        width = len(text) * self.font_size * 0.6  # a sans-serif's average advance
        left = {"end": x - width, "start": x}.get(anchor, x - width / 2)
        return (left, y - self.font_size, left + width, y + self.font_size * 0.3)

    def fits(self, box) -> bool:
        x0, y0, x1, y1 = box
        frame = self.frame
        inside = frame.x <= x0 and x1 <= frame.x + frame.width and frame.y <= y0
        return inside and all(
            x1 < a0 or x0 > a1 or y1 < b0 or y0 > b1 for a0, b0, a1, b1 in self.boxes
        )

    def place(self, text: str, x: float, y: float, anchors=("middle", "end", "start")):
        """The anchor the name fits with (centred, else ending or starting at x), or None."""
        for anchor in anchors:
            box = self.box(text, x, y, anchor)
            if self.fits(box):
                self.boxes.append(box)
                return anchor
        return None


def _department_labels(shapes, labels: _Labels) -> list[Label]:
    placed = []
    for shape in shapes:
        x, y = shape.label_x, shape.label_y
        # Below or above its neighbour's name rather than over it (Belfort, Haute-Saône).
        for dy in (0, 1.5 * FONT_SIZE, -1.5 * FONT_SIZE):
            if anchor := labels.place(shape.name, x, y + dy):
                placed.append(Label(shape.name, x, round(y + dy, 1), anchor))
                break
    return placed


def offer_map(form: SearchForm, params: SearchParams) -> OfferMap:
    query = form.cleaned_query()
    query.pop("page", None)
    rows = queries.per_commune(matches(params))
    place = _place_circle(params)
    frame = _frame(place)
    font_size = round(FONT_SIZE / frame.zoom, 2)
    labels = _Labels(font_size, frame)
    if place:
        label_y = round(place.y - font_size * 0.8, 2)
        if anchor := labels.place(place.name, place.x, label_y):
            place = dataclasses.replace(place, label_y=label_y, label_anchor=anchor)
    largest = rows[0]["offers"] if rows else 0
    points = []
    for rank, row in enumerate(rows):
        x, y = PROJECTION.project(row["longitude"], row["latitude"])
        r = radius(row["offers"], largest) / frame.zoom
        label_y = round(y - r - font_size * 0.3, 2)
        text = f"{row['name']} ({row['offers']})"
        anchor = labels.place(text, x, label_y) if rank < LABELLED else None
        points.append(
            Point(
                insee=row["insee"],
                name=row["name"],
                department=row["department_code"],
                offers=row["offers"],
                x=x,
                y=y,
                r=round(r, 2),
                label_y=label_y if anchor else None,
                label_anchor=anchor or "",
                list_url=_search_url(
                    query, commune=f"{row['name']} ({row['insee']})", rayon=str(RADIUS_MIN)
                ),
            )
        )
    shapes = department_shapes(PROJECTION)
    return OfferMap(
        points=points,
        departments=shapes,
        # At the region's scale only: zoomed in, the outlines speak for themselves.
        department_labels=_department_labels(shapes, labels) if place is None else [],
        frame=frame,
        font_size=font_size,
        list_url=_search_url(query),
        carried=[
            (name, value)
            for name, values in query.items()
            if name not in MAP_FIELDS
            for value in values
        ],
        notices=list(params.notices),
        place=place,
    )
