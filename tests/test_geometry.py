"""The region's department geometry (reference/geometry.py) against the communes' own data."""

import csv
import re
from pathlib import Path

from reference import geometry

COMMUNES = Path(geometry.__file__).resolve().parent / "data" / "communes.csv"


def test_the_eight_departments_in_code_order():
    shapes = geometry.department_shapes()
    assert [s.code for s in shapes] == ["21", "25", "39", "58", "70", "71", "89", "90"]
    assert shapes[-1].name == "Territoire de Belfort"


def test_communes_fall_inside_their_own_department():
    rows = list(csv.DictReader(COMMUNES.open(encoding="utf-8")))
    outside = [
        r["insee"]
        for r in rows
        if not geometry.contains(r["department"], float(r["longitude"]), float(r["latitude"]))
    ]
    # A few town halls sit within the simplification's few hundred metres of a border.
    assert len(rows) == 3685
    assert len(outside) <= 8, outside


def test_a_commune_is_not_inside_a_far_department():
    # Dijon (21231) is in Côte-d'Or, not in Yonne or the Territoire de Belfort.
    lon, lat = 5.04127, 47.32103
    assert geometry.contains("21", lon, lat)
    assert not geometry.contains("89", lon, lat)
    assert not geometry.contains("90", lon, lat)


def test_projection_keeps_the_region_inside_the_view_box():
    projection = geometry.Projection(width=300)
    number = re.compile(r"-?\d+(?:\.\d+)?")
    for shape in geometry.department_shapes(projection):
        values = [float(v) for v in number.findall(shape.path)]
        xs, ys = values[0::2], values[1::2]
        assert min(xs) >= 0 and max(xs) <= projection.width
        assert min(ys) >= 0 and max(ys) <= projection.height
        assert shape.path.startswith("M") and shape.path.endswith("Z")
        assert 0 < shape.label_x < projection.width and 0 < shape.label_y < projection.height


def test_north_is_up_and_east_is_right():
    projection = geometry.Projection()
    auxerre = projection.project(3.5673, 47.7986)
    besancon = projection.project(6.0240, 47.2380)
    assert besancon[0] > auxerre[0]  # further east, further right
    assert besancon[1] > auxerre[1]  # further south, further down


def test_exclave_of_menessaire_is_cote_d_or():
    # Ménessaire (21403) lies between Nièvre and Saône-et-Loire.
    rows = csv.DictReader(COMMUNES.open(encoding="utf-8"))
    row = next(r for r in rows if r["insee"] == "21403")
    assert row["name"] == "Ménessaire"
    lon, lat = float(row["longitude"]), float(row["latitude"])
    assert geometry.contains("21", lon, lat)
    assert not geometry.contains("58", lon, lat) and not geometry.contains("71", lon, lat)
