"""Exports: every table of the page as CSV for Excel and in one XLSX workbook, and the open
data of the aggregates; each opens in its library and says what the page says."""

import csv
import io
import json

import pytest
from django.urls import reverse
from lxml import html as lxml_html
from openpyxl import load_workbook

from accounts.models import User
from figures import services
from figures.models import Snapshot
from figures.secrecy import SECRET_LABEL
from reference.periods import seconde_period
from tests.factories import OfferFactory, SchoolFactory, UserFactory
from tests.placements.factories import (
    ApplicationFactory,
    SchoolClassFactory,
    enrolled_pupil,
    this_school_year,
)
from tests.sessions import log_in

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("figures:dashboard")


@pytest.fixture
def world(db):
    """A lycée with 6 seconde pupils placed both weeks and 5 without a placement, a second
    one with 3 without (a secret cell), and the offer that placed the 6."""
    year = this_school_year()
    (w1, _), (_, f2) = seconde_period(year).working_weeks
    offer = OfferFactory(state="published", periods=[(w1, f2, 10)])
    first = SchoolClassFactory(school=SchoolFactory(uai="0250001A", name="Lycée Pasteur"))
    second = SchoolClassFactory(school=SchoolFactory(uai="0250002B", name="Lycée Hugo"))
    for _ in range(6):
        ApplicationFactory(offer=offer, pupil=enrolled_pupil(first), state="confirmed")
    for _ in range(5):
        enrolled_pupil(first)
    for _ in range(3):
        enrolled_pupil(second)
    services.refresh(year)
    return {"year": year}


@pytest.fixture
def observer(client):
    log_in(client, UserFactory(role=User.Role.OBSERVER))


def _page_tables(client, params=None) -> dict[str, list[list[str]]]:
    """Each table of the dashboard as the page writes it: {slug: rows of cell texts}."""
    page = lxml_html.fromstring(client.get(DASHBOARD, params or {}).content)
    tables = {}
    for section in page.xpath("//section[@class='figure']"):
        slug = section.get("aria-labelledby").removesuffix("-title")
        rows = section.xpath(".//table//tr")
        tables[slug] = [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
            for row in rows
        ]
    return tables


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with a BOM
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_every_table_of_the_page_is_a_csv_that_says_what_the_page_says(client, observer, world):
    shown = _page_tables(client)
    assert "couverture-etablissements" in shown and "offres-semaine" in shown
    for slug, rows in shown.items():
        response = client.get(reverse("figures:export_csv", args=[slug]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert f"chiffres-{slug}-{world['year']}.csv" in response["Content-Disposition"]
        assert _csv(response) == rows, slug


def test_the_csv_follows_the_filters_and_hides_small_cells(client, observer, world):
    rows = _csv(client.get(reverse("figures:export_csv", args=["couverture-etablissements"])))
    by_school = {row[0]: row[1:] for row in rows[1:]}
    # Columns: complete, partial, none, total. Hugo's 3 without a placement are secret, so
    # Pasteur's 5 and 11 are too (else the column totals, 8 and 14, would give them away).
    assert by_school["Lycée Hugo"] == ["0", "0", SECRET_LABEL, SECRET_LABEL]
    assert by_school["Lycée Pasteur"] == ["6", "0", SECRET_LABEL, SECRET_LABEL]
    assert rows[-1] == ["Total", "6", "0", "8", "14"]
    filtered = client.get(
        reverse("figures:export_csv", args=["couverture-departement"]), {"departement": "25"}
    )
    assert _csv(filtered) == _page_tables(client, {"departement": "25"})["couverture-departement"]


def test_an_unknown_table_is_a_404(client, observer, world):
    assert client.get(reverse("figures:export_csv", args=["inconnu"])).status_code == 404


def test_the_workbook_has_its_definitions_and_every_table(client, observer, world):
    response = client.get(reverse("figures:export_xlsx"), {"departement": "25"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[0] == "Définitions"
    about = [
        [c for c in row if c is not None] for row in book["Définitions"].iter_rows(values_only=True)
    ]
    assert ["Département", "Doubs (25)"] in about
    listed = {row[0] for row in about if len(row) == 3} - {"Feuille"}
    shown = _page_tables(client, {"departement": "25"})
    assert set(shown) | {"chiffres-cles"} == listed == set(book.sheetnames[1:])
    for slug, rows in shown.items():
        sheet = [
            ["" if c is None else str(c) for c in row]
            for row in book[slug].iter_rows(values_only=True)
        ]
        assert sheet == rows, slug
    key = {row[0]: row[1] for row in book["chiffres-cles"].iter_rows(values_only=True)}
    assert key["Offres"] == 1 and key["Élèves sans stage"] == 8


def test_the_open_data_is_public_secret_where_the_page_is_and_described(client, world):
    response = client.get(reverse("figures:open_data_csv"))  # anonymous
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    schema = json.loads(client.get(reverse("figures:open_data_schema")).content)
    assert [f["name"] for f in schema["schema"]["fields"]] == list(rows[0])
    assert schema["path"].endswith(reverse("figures:open_data_csv"))
    described = {t["tableau"] for t in schema["tables"]}
    assert {r["tableau"] for r in rows} <= described
    hugo = [
        r
        for r in rows
        if r["tableau"] == "couverture-etablissements" and r["ligne"] == "Lycée Hugo"
    ]
    none = next(r for r in hugo if r["colonne"] == "Sans stage")
    assert none["valeur"] == "" and none["secret"] == "true"
    for row in rows:
        if row["tableau"].startswith("couverture") and row["secret"] == "false":
            assert int(row["valeur"]) == 0 or int(row["valeur"]) >= 5, row
    assert all(r["annee_scolaire"] == str(world["year"]) for r in rows)


def test_the_open_data_ignores_filters_and_waits_for_its_figures(client, db):
    assert client.get(reverse("figures:open_data_csv")).status_code == 404
    assert Snapshot.objects.count() == 0  # an anonymous request computes nothing
