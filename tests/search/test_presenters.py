"""search/presenters.py: page links and checkbox options; the Jinja2 environment."""

import jinja2
import pytest
from django.http import QueryDict
from django.template import engines
from django.urls import reverse
from django.utils.html import escape

from search import selectors
from search.filters import parse
from search.presenters import _url
from tests.factories import SectorFactory

URL = reverse("search:offers")
pytestmark = pytest.mark.django_db


def cleaned_query(query: str) -> dict[str, list[str]]:
    return parse(QueryDict(query))[0].cleaned_query()


def test_links_keep_the_search_without_its_page_and_empty_fields():
    SectorFactory(code="s1", label="Un")
    SectorFactory(code="s2", label="Deux")
    params = cleaned_query("q=bois&commune=&page=3&secteur=s1&secteur=s2")
    assert _url(params, page="4") == f"{URL}?q=bois&secteur=s1&secteur=s2&page=4"
    assert _url(params, q=None, secteur=["s3"]) == f"{URL}?secteur=s3"
    assert _url(cleaned_query("page=2&rayon=")) == URL


def test_page_links(client, make_offer, monkeypatch):
    monkeypatch.setattr(selectors, "PER_PAGE", 1)
    for title in ("Un", "Deux", "Trois"):
        make_offer(title=title)
    page = client.get(URL, {"q": "", "page": "2"}).context["page"]
    assert (page.number, page.num_pages) == (2, 3)
    assert page.prev_url == f"{URL}?page=1"
    assert page.next_url == f"{URL}?page=3"
    assert page.suggestions == []
    first = client.get(URL).context["page"]
    assert first.prev_url == "" and first.next_url == f"{URL}?page=2"


def test_checkbox_options_carry_checked_state_and_counts(client, make_offer, sectors):
    make_offer(sector=sectors["food"])
    make_offer(sector=sectors["health"])
    page = client.get(URL, {"secteur": "s43"}).context["page"]
    options = {option.value: option for option in page.groups["secteur"].options}
    assert options["s43"].checked and not options["s28"].checked
    assert (options["s43"].count, options["s28"].count) == (1, 1)  # a facet ignores itself
    assert options["s43"].id == f"id_secteur_{list(options).index('s43')}"
    assert list(page.groups) == ["public", "departement", "secteur", "structure"]
    assert all(option.count is None for option in page.groups["structure"].options)
    assert page.refined and not client.get(URL, {"q": "x"}).context["page"].refined


def test_jinja2_escapes_as_django_does_and_knows_every_name():
    env = engines["jinja2"]
    text = """L'Atelier "Roy" <b>&</b>"""
    assert env.from_string("{{ v }}").render({"v": text}) == escape(text)
    assert env.from_string("{{ v }}").render({"v": escape(text)}) == escape(text)  # once
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("search/_card.html").render({})
