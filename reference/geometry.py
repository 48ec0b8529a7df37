"""The region's departments as SVG: a projection of lon/lat to SVG coordinates, and their paths.

Data: `data/departements.geojson` (source and licence in `data/SOURCES.md`), WGS84 lon/lat.
The projection is equirectangular with the longitudes shrunk by cos(47.2°), the region's middle
latitude: across 2.3° of latitude its scale error stays under 4 %, which a small map does not
show, and it needs no library. y grows downwards, as in SVG. Pure Python, no database.
"""

import itertools
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "departements.geojson"
MIDDLE_LATITUDE = 47.2
# The region's extent (lon min, lat min, lon max, lat max), a little margin included.
BOUNDS = (2.80, 46.10, 7.20, 48.45)


@dataclass(frozen=True)
class Projection:
    """lon/lat to SVG user units, the region filling `width` (height follows the aspect)."""

    width: float = 600.0
    margin: float = 4.0

    @property
    def scale(self):
        lon_min, _, lon_max, _ = BOUNDS
        span = (lon_max - lon_min) * math.cos(math.radians(MIDDLE_LATITUDE))
        return (self.width - 2 * self.margin) / span

    @property
    def height(self):
        _, lat_min, _, lat_max = BOUNDS
        return round((lat_max - lat_min) * self.scale + 2 * self.margin, 1)

    @property
    def view_box(self):
        return f"0 0 {self.width:g} {self.height:g}"

    def project(self, lon, lat):
        lon_min, _, _, lat_max = BOUNDS
        x = (lon - lon_min) * math.cos(math.radians(MIDDLE_LATITUDE)) * self.scale
        y = (lat_max - lat) * self.scale
        return round(x + self.margin, 1), round(y + self.margin, 1)


@dataclass(frozen=True)
class DepartmentShape:
    code: str
    name: str
    path: str  # the SVG path's `d`, every ring closed
    label_x: float  # where a label or marker reads inside the department
    label_y: float


@cache
def features():
    """The GeoJSON features, read once per process."""
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["features"])


def polygons(geometry):
    """A Polygon or MultiPolygon's polygons, each a list of rings of (lon, lat)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def ring_path(points, projection):
    xy = [projection.project(lon, lat) for lon, lat in points[:-1]]
    head, *tail = xy
    return f"M{head[0]:g} {head[1]:g}" + "".join(f"L{x:g} {y:g}" for x, y in tail) + "Z"


def area_centroid(points):
    """The centroid of a ring (shoelace formula), in the points' own coordinates."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (3 * area), cy / (3 * area)


@cache
def department_shapes(projection=Projection()):
    """The eight departments, in code order, drawn for `projection`."""
    shapes = []
    for feature in features():
        parts = polygons(feature["geometry"])
        path = "".join(ring_path(ring, projection) for rings in parts for ring in rings)
        main = max(parts, key=lambda rings: abs(signed_area(rings[0])))[0]
        lon, lat = area_centroid(main)
        x, y = projection.project(lon, lat)
        props = feature["properties"]
        shapes.append(DepartmentShape(props["code"], props["nom"], path, x, y))
    return tuple(shapes)


def signed_area(points):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(points))


def contains(code, lon, lat):
    """Whether a lon/lat point lies in department `code` (even-odd rule over its rings)."""
    feature = next(f for f in features() if f["properties"]["code"] == code)
    inside = False
    for rings in polygons(feature["geometry"]):
        for ring in rings:
            for (x0, y0), (x1, y1) in itertools.pairwise(ring):
                if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside
