"""The dashboard's tables as files: CSV for Excel (UTF-8 with a BOM, `;`), one XLSX workbook
with a definitions sheet, and the open-data file of the aggregates (CSV in long form and a
JSON description of its columns, Frictionless Table Schema).

They write the very `Table`s the page shows (`figures.views.sections`), secret cells
included as "< 5": an export never says more than the page.
"""

import csv
import io
import json

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .secrecy import DEFINITION as SECRECY
from .secrecy import SECRET_LABEL
from .tables import Table

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only with it


def key_figures(snapshot, sections: dict) -> Table:
    """The figures the page shows above its tables (offers, pupils, the national push)."""
    supply = sections["supply"]["total"]
    pupils = sections["coverage"]["total"] or {}
    hours = snapshot.median_decision_hours
    rows = [
        ("Offres", supply.get("offers") or 0),
        ("Places", supply.get("places") or 0),
        ("Places libres", supply.get("places_left") or 0),
        ("Offres en attente de modération", snapshot.waiting_moderation),
        ("Délai médian de décision (heures)", None if hours is None else round(hours)),
        ("Élèves au stage complet", pupils.get("complete")),
        ("Élèves au stage incomplet", pupils.get("partial")),
        ("Élèves sans stage", pupils.get("none")),
    ]
    rows += [(f"Plateforme nationale : {label}", n) for label, n in snapshot.national.items()]
    table = Table(
        "chiffres-cles",
        "Chiffres clés",
        "Offres et places : comme les tableaux de l'offre. Délai médian : entre la soumission "
        "d'une offre et la décision d'un modérateur (vide : aucune décision cette année). "
        "Élèves : comme les tableaux des élèves et de leurs stages. Plateforme nationale : "
        "offres suivies par l'envoi vers 1élève1stage, par état. " + SECRECY,
        [("value", "Valeur")],
        [(label, {"value": value}) for label, value in rows],
        pupils=True,
    )
    if hours is None:
        table.notes.append("Aucune décision de modération cette année scolaire.")
    return table


def tables(snapshot, sections: dict) -> list[Table]:
    """Every table of the dashboard, in the page's order: whatever `sections` holds, so a
    table added to the page is exported with it."""
    found = [key_figures(snapshot, sections)]

    def walk(value):
        if isinstance(value, Table):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(sections)
    return found


def find(all_tables: list[Table], slug: str) -> Table | None:
    return next((t for t in all_tables if t.slug == slug), None)


def _shown(value):
    """A cell as written in a file: a secret one reads "< 5", like the page."""
    return SECRET_LABEL if value is None else value


def lines(table: Table) -> list[list]:
    """The table as rows of cells: its header, its body, its total."""
    out = [[table.row_header, *[label for _, label in table.columns]]]
    out += [[label, *map(_shown, values)] for label, values in table.body]
    if table.foot is not None:
        out.append(["Total", *map(_shown, table.foot)])
    return out


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(lines(table))
    return buffer.getvalue()


def _sheet_name(slug: str) -> str:
    return slug[:31]  # Excel's limit; slugs have none of its forbidden characters


def xlsx_bytes(all_tables: list[Table], described: list[tuple[str, str]], snapshot) -> bytes:
    """One sheet per table, after a "Définitions" sheet: what each table counts, the
    filters applied, when the figures were computed, and the statistical secrecy."""
    book = Workbook()
    about = book.active
    about.title = "Définitions"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    about.append(["Chiffres des stages, Région Bourgogne-Franche-Comté"])
    about["A1"].font = bold
    about.append(["Calculés le", f"{snapshot.computed_at:%d/%m/%Y %H:%M}"])
    for label, value in described:
        about.append([label, value])
    about.append(["Secret statistique", SECRECY])
    about.append([])
    about.append(["Feuille", "Tableau", "Définition"])
    for cell in about[about.max_row]:
        cell.font = bold
    for table in all_tables:
        about.append(
            [_sheet_name(table.slug), table.title, " ".join([table.definition, *table.notes])]
        )
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 45
    about.column_dimensions["C"].width = 100
    for row in about.iter_rows():
        for cell in row:
            cell.alignment = wrap
    for table in all_tables:
        sheet = book.create_sheet(_sheet_name(table.slug))
        for line in lines(table):
            sheet.append(line)
        for cell in sheet[1]:
            cell.font = bold
        sheet.column_dimensions["A"].width = 45
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The open-data file: one line per published cell, so that every table fits one schema.
OPEN_DATA_FIELDS = [
    ("annee_scolaire", "integer", "Année scolaire, désignée par l'année de son mois de juin."),
    ("tableau", "string", "Identifiant du tableau (celui de la page des chiffres)."),
    ("titre_tableau", "string", "Titre du tableau."),
    ("ligne", "string", "Ligne du tableau (semaine, département, secteur… ; « Total »)."),
    ("colonne", "string", "Colonne du tableau (ce qui est compté)."),
    (
        "valeur",
        "string",
        "La valeur publiée : un entier le plus souvent, une part (« 45 % ») ou une distance "
        "(« 12 km ») pour quelques tableaux ; vide quand elle est couverte par le secret "
        "statistique.",
    ),
    ("secret", "boolean", "Vrai quand la valeur est couverte par le secret statistique."),
]


def open_data_rows(all_tables: list[Table], school_year: int) -> list[list]:
    rows = []
    for table in all_tables:
        labelled = list(table.body)
        if table.foot is not None:
            labelled.append(("Total", table.foot))
        for label, values in labelled:
            for (_, column), value in zip(table.columns, values, strict=True):
                secret = value is None
                rows.append(
                    [
                        school_year,
                        table.slug,
                        table.title,
                        label,
                        column,
                        "" if secret else value,
                        "true" if secret else "false",
                    ]
                )
    return rows


def open_data_csv(all_tables: list[Table], school_year: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # open data: plain CSV, UTF-8, commas
    writer.writerow([name for name, _, _ in OPEN_DATA_FIELDS])
    writer.writerows(open_data_rows(all_tables, school_year))
    return buffer.getvalue()


def open_data_schema(all_tables: list[Table], csv_url: str, snapshot) -> str:
    """The JSON description of the open-data file: its columns, its tables and their
    definitions, its freshness and its licence."""
    description = {
        "name": "stages-bfc-chiffres",
        "title": "Chiffres des stages d'observation et de seconde en Bourgogne-Franche-Comté",
        "description": (
            "Effectifs agrégés de la plateforme Stages BFC : offres et places, élèves et "
            "leurs stages, offre face à la demande, égalité d'accès. Aucune personne n'y est "
            "nommée. " + SECRECY
        ),
        "licenses": [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0"}],
        "path": csv_url,
        "format": "csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "computed_at": snapshot.computed_at.isoformat(),
        "school_year": snapshot.school_year,
        "schema": {
            "fields": [
                {"name": name, "type": kind, "description": text}
                for name, kind, text in OPEN_DATA_FIELDS
            ],
            "missingValues": [""],
        },
        "tables": [
            {
                "tableau": table.slug,
                "titre": table.title,
                "definition": " ".join([table.definition, *table.notes]),
                "colonnes": [label for _, label in table.columns],
            }
            for table in all_tables
        ],
    }
    return json.dumps(description, ensure_ascii=False, indent=2)
