"""Add the region's collèges (kind=college) to reference/data/schools.csv.

Run it from the repository root, AFTER scripts/build_reference_data.py (which rewrites
schools.csv with the lycées only):

    python3 scripts/build_colleges.py /path/to/fr-en-ips-colleges-ap2022.csv

Standard library only. Output is deterministic: rows sorted by UAI, UTF-8, LF, csv-module quoting.

Raw data
--------
Dataset "Indices de position sociale dans les collèges (à partir de 2022)",
fr-en-ips-colleges-ap2022, Ministère de l'Éducation nationale (DEPP), published on
data.education.gouv.fr under the Licence Ouverte / Open Licence v2.0 (Etalab). One row per
collège (public and "privé sous contrat") for rentrée 2022-2023, with its UAI, name and INSEE
commune code.

The copy used is the one stored in the public GitHub repository Helene-S/Etablissement_IPS,
file fr-en-ips-colleges-ap2022.csv, commit 1b69c5ca387729d4829fc3aaf2d82228e1a25ed6
(787,404 characters, ";"-separated, UTF-8). The same file is in DiagM/IPS_eleve_BigData
(commit 770d46e3bd7d6f6ffd8a9e181e75a5a0aa71fa28). The script accepts either that whole file
or an extract of it with the same header (the rows of departments 021, 025, 039, 058, 070, 071,
089 and 090, lines unchanged), which is what was used: /tmp/colleges_raw/ips_bfc.csv, 325 rows.
"""

import csv
import re
import sys
from collections import Counter
from pathlib import Path

DEPARTMENTS = ("21", "25", "39", "58", "70", "71", "89", "90")
OUT = Path(__file__).resolve().parent.parent / "reference" / "data"
UAI = re.compile(r"^\d{7}[A-Z]$")
HEADER = ("uai", "name", "kind", "commune_insee")


def read_colleges(path, communes):
    colleges = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            dep = r["Code du département"].strip().lstrip("0")
            if dep not in DEPARTMENTS:
                continue
            uai = r["UAI"].strip().upper()
            insee = r["Code INSEE de la commune"].strip()
            name = " ".join(r["Nom de l'établissment"].split())  # sic: the source's header
            assert UAI.match(uai) and uai[1:3] == dep, (uai, dep)
            assert insee in communes, (uai, insee, r["Nom de la commune"])
            assert uai not in colleges, uai
            colleges[uai] = (uai, name, "college", insee)
    return colleges


def main(path):
    with open(OUT / "communes.csv", encoding="utf-8", newline="") as f:
        communes = {r["insee"] for r in csv.DictReader(f)}
    with open(OUT / "schools.csv", encoding="utf-8", newline="") as f:
        # Keep the lycées; drop earlier collège rows so that reruns are idempotent.
        others = {r["uai"]: tuple(r[h] for h in HEADER) for r in csv.DictReader(f)}
    others = {u: row for u, row in others.items() if row[2] != "college"}
    colleges = read_colleges(path, communes)
    clash = sorted(set(colleges) & set(others))
    assert not clash, f"UAI already listed as a lycée: {clash}"
    rows = sorted({**others, **colleges}.values())
    with open(OUT / "schools.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    print(f"schools.csv: {len(rows)} rows", dict(sorted(Counter(r[2] for r in rows).items())))
    print("  collèges per department:", dict(sorted(Counter(u[1:3] for u in colleges).items())))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/colleges_raw/ips_bfc.csv")
