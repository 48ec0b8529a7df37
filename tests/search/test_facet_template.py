"""The checkbox group of the search's filters: its options written by one loop, the first
eight shown and the others behind "Voir les N autres"."""

import re
from pathlib import Path
from types import SimpleNamespace

from django.template import engines

TEMPLATE = Path(__file__).resolve().parents[2] / "search/jinja2/search/_facet.html"


def _group(count):
    options = [
        SimpleNamespace(
            id=f"secteur-{i}", value=f"s{i}", label=f"Secteur {i}", checked=i == 9, count=i
        )
        for i in range(count)
    ]
    return SimpleNamespace(name="secteur", label="Secteur", options=options)


def _render(group):
    return engines["jinja2"].get_template("search/_facet.html").render({"group": group})


def test_the_options_markup_is_written_once():
    assert len(re.findall(r"{%-?\s*for option in", TEMPLATE.read_text())) == 1


def test_a_long_group_shows_eight_then_the_others_behind_a_summary():
    page = _render(_group(15))
    shown, more = page.split('<details class="facet-more">')
    assert shown.count('type="checkbox"') == 8
    assert more.count('type="checkbox"') == 7 and "Voir les 7 autres" in more
    assert re.search(r'id="secteur-9"\s+checked', more)
    assert '<span class="facet-count" id="n-secteur-s14">(14)</span>' in more


def test_a_short_group_has_no_summary():
    page = _render(_group(12))
    assert page.count('type="checkbox"') == 12 and "facet-more" not in page
