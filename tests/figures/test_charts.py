"""Charts as data (figures/charts.py): bars, shares, secret parts, summaries, the map."""

import html

import pytest
from django.urls import reverse

from accounts.models import User
from figures import charts, secrecy
from figures.tables import Table
from tests.factories import UserFactory
from tests.sessions import log_in

T = secrecy.TOTAL
COLUMNS = [("complete", "Stage complet"), ("partial", "Stage incomplet"), ("none", "Sans stage")]


def status_table(rows, keys=()):
    return Table("t", "Titre", "", [*COLUMNS, (T, "Total")], rows, row_keys=list(keys))


def test_a_stacked_row_is_its_shares_of_the_whole_width():
    table = status_table([("Doubs (25)", {"complete": 30, "partial": 10, "none": 60, T: 100})])
    row = charts.stacked(table, charts.STATUS_SERIES, "complete", charts.COVERED).rows[0]
    assert [s.width for s in row.segments] == [102.0, 34.0, 204.0]  # 30 %, 10 %, 60 % of 340
    assert [s.x for s in row.segments] == [0, 102.0, 136.0]
    assert [s.text for s in row.segments] == ["30 %", "10 %", "60 %"]


def test_secret_cells_are_grey_and_never_estimated():
    table = status_table(
        [
            ("Jura (39)", {"complete": 20, "partial": None, "none": None, T: 26}),
            ("Nièvre (58)", {"complete": None, "partial": None, "none": None, T: None}),
        ]
    )
    chart = charts.stacked(table, charts.STATUS_SERIES, "complete", charts.COVERED)
    jura, nievre = chart.rows
    assert [s.css for s in jura.segments] == ["c-complete", "c-secret"]
    assert jura.segments[1].width == round(340 * 6 / 26, 1)  # the unknown rest, in one piece
    assert jura.segments[1].text == ""
    assert ("c-secret", "Secret statistique") in chart.legend
    assert [(s.css, s.width, s.text) for s in nievre.segments] == [
        ("c-secret", 340, "secret statistique")
    ]
    assert chart.summary == "Part d'élèves au stage complet : 77 %, Jura (39)."


def test_the_summary_names_the_highest_and_lowest_share():
    table = status_table(
        [
            ("A", {"complete": 9, "partial": 0, "none": 1, T: 10}),
            ("B", {"complete": 5, "partial": 0, "none": 15, T: 20}),
            ("C", {"complete": 5, "partial": 5, "none": 0, T: 10}),
        ]
    )
    summary = charts.stacked(table, charts.STATUS_SERIES, "complete", charts.COVERED).summary
    assert summary == (
        "Part d'élèves au stage complet : la plus forte, 90 %, A ; la plus faible, 25 %, B."
    )


def test_the_summary_elides_only_before_a_vowel():
    """The gender chart's noun starts with a consonant: "de filles", never "d'filles"."""
    columns = [("fille", "Fille"), ("garcon", "Garçon"), (T, "Total")]
    table = Table("g", "Titre", "", columns, [("Santé", {"fille": 6, "garcon": 4, T: 10})])
    series = [("fille", "c-complete"), ("garcon", "c-none")]
    assert (
        charts.stacked(table, series, "fille", "filles").summary == "Part de filles : 60 %, Santé."
    )
    secret = Table("g", "Titre", "", columns, [("Santé", {"fille": None, "garcon": None, T: 3})])
    assert charts.stacked(secret, series, "fille", "filles").summary == (
        "Aucune part de filles n'est publiable pour ces filtres."
    )


def test_the_grey_part_stands_where_the_secret_cells_do():
    table = status_table([("Yonne", {"complete": None, "partial": None, "none": 60, T: 70})])
    chart = charts.stacked(table, charts.STATUS_SERIES, "complete", charts.COVERED)
    assert [(s.css, s.x) for s in chart.rows[0].segments] == [
        ("c-secret", 0),
        ("c-none", round(340 * 10 / 70, 1)),
    ]
    apart = status_table([("Jura", {"complete": None, "partial": 50, "none": None, T: 70})])
    segments = charts.stacked(apart, charts.STATUS_SERIES, "complete", charts.COVERED).rows[0]
    assert [s.css for s in segments.segments] == ["c-partial", "c-secret"]  # not side by side
    clear = status_table([("Doubs", {"complete": 5, "partial": 5, "none": 60, T: 70})])
    legend = charts.stacked(clear, charts.STATUS_SERIES, "complete", charts.COVERED).legend
    assert "c-secret" not in [css for css, _ in legend]


def test_weeks_as_columns_mark_the_seconde_weeks():
    import datetime

    weeks = [datetime.date(2027, 5, 31), datetime.date(2027, 6, 7), datetime.date(2027, 6, 14)]
    table = Table(
        "w", "Semaines", "", [("places_left", "Places libres")],
        [("a", {"places_left": 30}), ("b", {"places_left": 10}), ("c", {"places_left": 120})],
        row_keys=weeks,
    )  # fmt: skip
    chart = charts.columns(table, "places_left", {weeks[2]}, "Semaines de seconde")
    heights = [row.segments[0].height for row in chart.rows]
    assert heights == [30.0, 10.0, 120.0]  # 120 units for the highest
    assert [row.segments[0].css for row in chart.rows] == ["c-offered", "c-offered", "c-wanted"]
    assert [row.label for row in chart.rows] == ["mai", "juin", ""]
    assert chart.summary == (
        "Places libres : 120 pendant les semaines de seconde ; 30 une semaine ordinaire (médiane)."
    )


def test_side_by_side_bars_share_one_scale_and_say_secret():
    table = Table(
        "d",
        "Offre et demande",
        "",
        [("places_left", "Places libres"), ("looking", "Élèves en recherche")],
        [
            ("Doubs", {"places_left": 1200, "looking": 600}),
            ("Jura", {"places_left": 0, "looking": None}),
        ],
    )
    chart = charts.side_by_side(
        table, charts.DEMAND_SERIES, charts.shortfall(table, "places_left", "looking")
    )
    doubs, jura = chart.rows
    assert [s.width for s in doubs.segments] == [284.0, 142.0]  # 340 - 56 for the longest
    assert doubs.segments[0].text == "1\u202f200"
    assert [(s.width, s.text) for s in jura.segments] == [(0, "0"), (0, "< 5")]
    assert chart.summary == (
        "Partout, les places libres sont au moins aussi nombreuses que les élèves en recherche."
    )
    table.rows.append(("Yonne", {"places_left": 3, "looking": 40}))
    assert charts.shortfall(table, "places_left", "looking") == (
        "Moins de places libres que d'élèves en recherche : Yonne."
    )


def test_the_map_colours_each_department_by_its_share_complete():
    table = status_table(
        [
            ("Doubs (25)", {"complete": 85, "partial": 5, "none": 10, T: 100}),
            ("Jura (39)", {"complete": 9, "partial": 0, "none": 41, T: 50}),
            ("Nièvre (58)", {"complete": None, "partial": None, "none": 9, T: 12}),
        ],
        keys=["25", "39", "58"],
    )
    areas = {a.code: a for a in charts.coverage_map(table).areas}
    assert len(areas) == 8
    assert (areas["25"].css, areas["25"].text) == ("m-4", "85 %")
    assert (areas["39"].css, areas["39"].text) == ("m-0", "18 %")
    assert (areas["58"].css, areas["58"].text) == ("c-secret", "–")  # secret share
    assert areas["89"].css == "c-secret"  # no pupil counted there
    assert areas["21"].path.startswith("M")


@pytest.mark.django_db
def test_the_dashboard_draws_its_charts_with_a_summary_each(client, supply_world):
    log_in(client, UserFactory(role=User.Role.OBSERVER))
    page = html.unescape(client.get(reverse("figures:dashboard")).content.decode())
    assert page.count("<svg") >= 3
    assert page.count('role="img"') == page.count("<svg")
    assert 'aria-labelledby="offres-departement-bars-summary"' in page
    assert 'id="offres-departement-bars-summary"' in page
    assert "Le plus de places :" in page
    assert "offres-semaine-columns-summary" in page and "pendant les semaines de seconde" in page
    assert "style=" not in page.split("<main", 1)[1]  # the CSP allows no inline style
