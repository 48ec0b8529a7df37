"""The page's links come from the cleaned parameters (form.cleaned_query), not from the query
string: the same URLs as when they were built from the submitted values, for every query the
form or the page's links write; for other queries, the same search."""

import random
import re
from dataclasses import replace

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from offers.models import Public
from organisations.models import Organisation
from search.filters import SUBMITTED, parse, seconde_weeks
from search.presenters import _url

pytestmark = pytest.mark.django_db
URL = reverse("search:offers")

# The changes the presenters make to a page's search (page links and suggestions).
CHANGES = [
    {},
    {"page": "2"},
    {"page": "7"},
    {"rayon": "50"},
    {"commune": None, "rayon": None, "departement": ["25", "39", "70", "90"]},
    {"departement": ["25", "39", "70"]},
    {"q": None},
    {"secteur": None},
    {"public": None},
    {"structure": None},
    {"semaine": None},
    {"accessible": None},
    {"du": None, "au": None},
    {"places": None},
]


def submitted_url(params: QueryDict, **changes) -> str:
    """How the links were built before, from the submitted values (the reference)."""
    query = {name: values for name, values in params.lists() if name != "page" and any(values)}
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value if isinstance(value, list) else [value]
    return f"{URL}?{urlencode(query, doseq=True)}" if query else URL


def form_queries(count: int, seed: int) -> list[str]:
    """Query strings as the page's form submits them (every field, in its order, the empty
    ones too) or as a shared link writes them (the non-empty ones), with valid values."""
    (monday, _), (_, friday) = seconde_weeks()
    values = {
        "q": ["", "boulangerie", "hôpital de jour", "Menuiserie & co", "«»", "l'atelier"],
        "commune": ["", "Besançon", "besancon", "25000", "Dole", "Atlantis-sur-Mer"],
        "rayon": ["5", "10", "20", "30", "50", "100", "17"],
        "semaine": ["", "1", "2", "deux"],
        "du": ["", monday.isoformat()],
        "au": ["", friday.isoformat()],
        "public": [[], [Public.SECONDE], list(Public.values)],
        "departement": [[], ["25"], ["39", "25"]],
        "secteur": [[], ["s28"], ["s43", "s28"]],
        "structure": [[], ["company"], [Organisation.HostType.ASSOCIATION, "state"]],
        "accessible": ["", "on"],
        "places": ["1", "2", "5", "10"],
        "tri": ["", "pertinence", "distance", "recent", "date"],
    }
    rng = random.Random(seed)
    queries = []
    for n in range(count):
        pairs = []
        for name in SUBMITTED:
            value = rng.choice(values[name])
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name, item))
        if n % 3 == 0:  # a shared link: the non-empty fields, radius and places optional
            pairs = [(k, v) for k, v in pairs if v and not (k in {"rayon", "places"} and n % 2)]
        if n % 5 == 0:
            pairs.insert(rng.randrange(len(pairs) + 1), ("page", str(rng.randrange(1, 9))))
        queries.append(urlencode(pairs))
    return ["", "page=2", "rayon=", *queries]


def test_links_are_those_of_the_submitted_values(place, sectors):
    queries = form_queries(300, seed=11)
    for query in queries:
        form, _ = parse(QueryDict(query))
        cleaned = form.cleaned_query()
        for changes in CHANGES:
            assert _url(cleaned, **changes) == submitted_url(QueryDict(query), **changes), query
    assert len(queries) > 300


@pytest.mark.parametrize(
    "query",
    [
        "q=++bois++&rayon=abc&secteur=s999&secteur=s28&places=-1",
        "commune=Dole&q=bois&utm_source=x&page=3",
        "du=2027-06-30&au=2027-01-01&accessible=peut-etre&tri=chaos&semaine=7",
        "rayon=10000&commune=Besan%C3%A7on&secteur=s28&secteur=s28",
        "q=a&q=b&rayon=5&rayon=100&departement=2A&departement=25",
        "du=2026-13-45&au=demain&public=bebe",
    ],
)
def test_links_of_other_queries_repeat_the_same_search(place, sectors, query):
    form, asked = parse(QueryDict(query))
    link = _url(form.cleaned_query())
    assert link != submitted_url(QueryDict(query))
    again_form, again = parse(QueryDict(link.partition("?")[2]))
    assert replace(again, notices=(), page=1) == replace(asked, notices=(), page=1)
    assert again_form.cleaned_query() == form.cleaned_query()


def test_links_list_the_fields_in_the_order_the_form_submits_them(client, place, sectors):
    form, _ = parse(QueryDict(""))
    assert set(SUBMITTED) == set(form.fields)  # a new field must be written back too
    page = client.get(URL).content.decode()
    inside = page[page.index('<form id="search-form"') : page.index("</form>")]
    names = re.findall(r'<(?:input|select)[^>]*\sname="([^"]+)"', inside)
    assert list(dict.fromkeys(names)) == list(SUBMITTED)
