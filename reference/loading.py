"""Load the shipped reference CSV files into the database, idempotently (upserts)."""

import csv
from pathlib import Path

from django.db import transaction

from .models import Commune, Department, School, Sector
from .text import fold, school_name

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def _upsert(model, objects, fields):
    model.objects.bulk_create(
        objects,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=[model._meta.pk.name],
        update_fields=fields,
    )
    return len(objects)


@transaction.atomic
def load_reference() -> dict[str, int]:
    counts = {}
    counts["départements"] = _upsert(
        Department,
        [
            Department(
                code=r["code"], name=r["nom"], prefecture=r["prefecture"], academy=r["academie"]
            )
            for r in _rows("departements.csv")
        ],
        ["name", "prefecture", "academy"],
    )
    counts["communes"] = _upsert(
        Commune,
        [
            Commune(
                insee=r["insee"],
                name=r["name"],
                search_name=fold(r["name"]),
                postcodes=r["postcodes"],
                department_id=r["department"],
                latitude=float(r["latitude"]),
                longitude=float(r["longitude"]),
                population=int(r["population"]),
            )
            for r in _rows("communes.csv")
        ],
        ["name", "search_name", "postcodes", "department", "latitude", "longitude", "population"],
    )
    counts["établissements"] = _upsert(
        School,
        [
            School(
                uai=r["uai"],
                name=school_name(r["name"]),
                kind=r["kind"],
                commune_id=r["commune_insee"],
            )
            for r in _rows("schools.csv")
        ],
        ["name", "kind", "commune"],
    )
    counts["secteurs"] = _upsert(
        Sector,
        [Sector(code=r["code"], label=r["label"]) for r in _rows("sectors.csv")],
        ["label"],
    )
    return counts
