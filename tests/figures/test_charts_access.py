"""The equal-access charts: accessibility as three bars of 100 %, distance from the shares
the table publishes."""

from figures import charts, secrecy
from figures.tables import Table

T = secrecy.TOTAL


def _access(needing, placements):
    raw = {
        "offers": {"accessible": 25, "other": 75, T: 100},
        "needing": needing,
        "placements": placements,
    }
    return Table("egalite-accessibilite", "Accessibilité", "", [("value", "Effectif")],
                 [("…", {"value": "25 sur 100 (25 %)"})], raw=raw)  # fmt: skip


def test_the_accessibility_chart_has_a_bar_for_offers_pupils_and_their_stages():
    table = _access(
        {"complete": 6, "partial": None, "none": None, T: 10},
        {"accessible": 8, "other": 2, T: 10},
    )
    chart = charts.access_chart(table)
    offers, pupils, stages = chart.rows
    assert [(s.css, s.width, s.text) for s in offers.segments] == [
        ("c-access", 85.0, "25 %"),
        ("c-other", 255.0, "75 %"),
    ]
    # 6 of 10 complete; the other 4, secret one by one, in one grey part.
    assert [(s.css, s.width) for s in pupils.segments] == [
        ("c-complete", 204.0),
        ("c-secret", 136.0),
    ]
    assert [s.text for s in stages.segments] == ["80 %", "20 %"]
    assert chart.summary == (
        "Offres déclarées accessibles : 25 %. Élèves ayant besoin d'un lieu accessible : "
        "60 % au stage complet. Leurs stages dans une offre déclarée accessible : 80 %."
    )
    assert ("c-secret", "Secret statistique") in chart.legend


def test_the_accessibility_chart_says_when_the_pupils_are_too_few_or_none():
    secret = charts.access_chart(
        _access({"complete": None, "partial": None, "none": None, T: None}, {T: None})
    )
    assert [s.text for s in secret.rows[1].segments] == ["secret statistique"]
    assert "Élèves ayant besoin d'un lieu accessible : secret statistique." in secret.summary
    assert "Leurs stages" not in secret.summary
    some = charts.access_chart(_access({"complete": None, "partial": 0, "none": 23, T: 39}, {T: 5}))
    assert "accessible : 0 % au stage incomplet, 59 % sans stage." in some.summary
    nobody = charts.access_chart(_access({"complete": 0, "partial": 0, "none": 0, T: 0}, {T: 0}))
    assert [s.text for s in nobody.rows[1].segments] == ["aucun élève"]
    assert [s.text for s in nobody.rows[2].segments] == ["aucun stage"]
    assert "Aucun élève n'a dit avoir besoin d'un lieu accessible." in nobody.summary


def test_the_distance_chart_draws_the_published_shares_only():
    rows = [
        ("Doubs (25)", {"median": "12 km", "far": "40 %"}),
        ("Jura (39)", {"median": None, "far": None}),  # fewer than 5 stages
        ("Nièvre (58)", {"median": "31 km", "far": "55 %"}),
        ("Toute la sélection", {"median": "20 km", "far": "45 %"}),
    ]
    table = Table(
        "egalite-distance", "Distance", "", [("median", "Médiane"), ("far", "Part")], rows,
        raw={"far": {"Doubs (25)": 40, "Nièvre (58)": 55, "Toute la sélection": 45}},
    )  # fmt: skip
    chart = charts.distance_chart(table)
    doubs, jura, _, whole = chart.rows
    assert [s.text for s in whole.segments] == ["55 %", "45 %"]
    assert [(s.css, s.width, s.text) for s in doubs.segments] == [
        ("c-near", 204.0, "60 %"),
        ("c-far", 136.0, "40 %"),
    ]
    assert [s.text for s in jura.segments] == ["secret statistique"]
    assert chart.summary == (
        "Part de stages à plus de 30 km : la plus forte, 55 %, Nièvre (58) ; la plus faible, "
        "40 %, Doubs (25). Toute la sélection : distance médiane 20 km, 45 % à plus de 30 km."
    )
    assert chart.legend[:2] == [("c-near", "30 km ou moins"), ("c-far", "Plus de 30 km")]
