"""The search in layers: the selector takes typed parameters and answers with data; the
presenters turn that data into notices and links; neither sees the query string."""

import ast
from pathlib import Path

import pytest

import search
from search import selectors
from search.filters import SearchParams, Sort
from search.presenters import notices
from search.selectors import SearchResults, applied_sort

pytestmark = pytest.mark.django_db


def test_the_selector_answers_typed_parameters_with_data(make_offer, place):
    make_offer(title="Boulangerie", commune=place["in"])
    make_offer(title="Garage", commune=place["dole"])
    results = selectors.search(SearchParams(words=("boulangerie",), place=place["besancon"]))
    assert isinstance(results, SearchResults)
    assert [card.title for card in results.cards] == ["Boulangerie"]
    assert results.cards[0].distance_km == 20
    assert (results.total, results.number, results.num_pages) == (1, 1, 1)
    assert results.sort == Sort.RELEVANCE and not results.fuzzy
    assert results.facets.departments == {"25": 1}


def test_the_fuzzy_fallback_and_the_last_page_are_data(make_offer):
    make_offer(title="Boulangerie")
    results = selectors.search(SearchParams(words=("boulangrie",), page=9))
    assert results.fuzzy and results.total == 1
    assert results.number == 1 and results.num_pages == 1
    said = notices(SearchParams(words=("boulangrie",), page=9, notices=("Déjà dit.",)), results)
    assert said[0] == "Déjà dit."
    assert "exactement « boulangrie »" in said[1]
    assert said[2] == "Il n'y a que 1 page(s) de résultats : voici la dernière."


def test_the_applied_sort_falls_back_without_its_key(place):
    assert applied_sort(SearchParams(sort=Sort.DISTANCE)) == Sort.NEWEST
    assert applied_sort(SearchParams(sort=Sort.RELEVANCE, place=place["dole"])) == Sort.DISTANCE
    assert applied_sort(SearchParams(words=("bois",))) == Sort.RELEVANCE
    assert applied_sort(SearchParams(sort=Sort.SOONEST, words=("bois",))) == Sort.SOONEST
    empty = SearchResults(
        cards=[], facets=selectors.queries.Facets(), number=1, num_pages=1, sort=""
    )
    assert notices(SearchParams(sort=Sort.DISTANCE), empty) == [
        "Pour trier par distance, indiquez une commune."
    ]


def test_only_the_view_and_the_parameters_see_the_query_string():
    folder = Path(search.__file__).parent
    layers = [folder / "selectors.py", folder / "presenters.py", *folder.glob("queries/*.py")]
    for path in layers:
        tree = ast.parse(path.read_text())
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        names |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert not names & {"QueryDict", "GET", "request"}, path
        if path.name != "presenters.py":  # the presenters read the form's choices and labels
            assert "SearchForm" not in names, path
