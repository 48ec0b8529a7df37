"""The checkbox group of the search's filters: its options written by one loop, the short
list shown and the others folded behind summaries, the sectors by family."""

import csv
import re
from pathlib import Path

from django.template import engines

from reference import sector_families
from search.presenters import CheckboxGroup, Option, fold

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "search/jinja2/search/_facet.html"
SECTORS = [row["code"] for row in csv.DictReader((ROOT / "reference/data/sectors.csv").open())]


def _group(name, values, checked=(), counts=None):
    options = [
        Option(
            value=value,
            label=f"Libellé {value}",
            id=f"{name}-{value}",
            checked=value in checked,
            count=None if counts is None else counts[value],
        )
        for value in values
    ]
    folded = fold(name, options, counted=counts is not None)
    return CheckboxGroup(name=name, label="Groupe", options=options, folded=folded)


def _render(group):
    return engines["jinja2"].get_template("search/_facet.html").render({"group": group})


def test_the_options_markup_is_written_once():
    assert len(re.findall(r"{%-?\s*for option in", TEMPLATE.read_text())) == 1


def test_a_long_group_shows_eight_then_the_others_behind_a_summary():
    values = [f"v{i}" for i in range(15)]
    page = _render(
        _group("departement", values, checked={"v9"}, counts={v: int(v[1:]) for v in values})
    )
    shown, more = re.split(r'<details class="facet-more"[^>]*>', page)
    # The checked one first, then the most offered.
    assert re.findall(r'value="(v\d+)"', shown) == [
        "v9",
        "v14",
        "v13",
        "v12",
        "v11",
        "v10",
        "v8",
        "v7",
    ]
    assert more.count('type="checkbox"') == 7 and "Voir les 7 autres" in more
    assert '<span class="facet-count" id="n-departement-v0">(0)</span>' in more


def test_an_uncounted_long_group_keeps_its_order():
    values = [f"v{i}" for i in range(15)]
    page = _render(_group("structure", values, checked={"v9"}))
    shown, more = re.split(r'<details class="facet-more" open>', page)
    assert shown.count('type="checkbox"') == 8
    assert re.search(r'id="structure-v9"\s+checked', more)


def test_a_short_group_has_no_summary():
    page = _render(_group("departement", [f"v{i}" for i in range(12)]))
    assert page.count('type="checkbox"') == 12 and "facet-more" not in page


def test_every_sector_has_one_family():
    families = [code for _, codes in sector_families.FAMILIES for code in codes]
    assert sorted(families) == sorted(SECTORS)
    assert sector_families.family_of("s999") == sector_families.OTHERS


def test_sectors_past_the_short_list_are_folded_by_family():
    counts = {code: 100 - int(code[1:]) for code in SECTORS}  # s1 the most offered
    group = _group("secteur", [*SECTORS, "s99"], checked={"s50"}, counts=counts | {"s99": 0})
    page = _render(group)
    assert [o.value for o in group.shown] == ["s50", "s1", "s2", "s3", "s4", "s5", "s6", "s7"]
    summaries = [
        re.sub(r"\s+", " ", s).strip() for s in re.findall(r"<summary>(.*?)</summary>", page, re.S)
    ]
    assert summaries[0] == (
        "<span>Agriculture, nature et environnement&nbsp;: "
        '<span class="facet-family-size">3 secteurs</span></span>'
    )
    assert summaries[-1].startswith("<span>Autres secteurs&nbsp;:")
    assert len(summaries) == len(sector_families.FAMILIES) + 1
    # Every sector once (one checkbox, one id), the checked one in the short list.
    assert sorted(re.findall(r'value="(s\d+)"', page)) == sorted([*SECTORS, "s99"])
    assert '<details class="facet-more" open>' not in page
    # A checked sector beyond eight checked ones opens its family.
    nine = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s31"}
    page = _render(_group("secteur", SECTORS, checked=nine, counts=counts))
    opened = re.findall(r'<details class="facet-more" open>\s*<summary>\s*<span>([^&<]+)', page)
    assert [label.strip() for label in opened] == ["Numérique, communication et médias"]
