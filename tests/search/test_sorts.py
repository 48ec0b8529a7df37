"""The sorts name themselves: one default per kind of search, shown as it is, and the URLs
shared before keep working."""

import re

import pytest

from search import sorts
from search.sorts import Sort
from tests.search.helpers import results, text, titles

pytestmark = pytest.mark.django_db

RECENT, SOONEST = "Les plus récentes", "Les premières dates de stage"


@pytest.mark.parametrize(
    ("keyword", "place", "expected"),
    [
        (False, False, [("", RECENT), ("date", SOONEST)]),
        (False, True, [("", "Les plus proches"), ("recent", RECENT), ("date", SOONEST)]),
        (True, False, [("", "Les plus pertinentes"), ("recent", RECENT), ("date", SOONEST)]),
        (
            True,
            True,
            [
                ("", "Les plus pertinentes"),
                ("distance", "Les plus proches"),
                ("recent", RECENT),
                ("date", SOONEST),
            ],
        ),
    ],
)
def test_the_menu_offers_the_default_first_and_only_the_sorts_that_apply(keyword, place, expected):
    assert sorts.menu(keyword=keyword, place=place) == expected


def test_old_values_and_other_spellings():
    assert sorts.cleaned("pertinence") == (Sort.RELEVANCE, True)
    assert sorts.cleaned(" Proches ") == (Sort.DISTANCE, True)
    assert sorts.cleaned("") == ("", True)
    assert sorts.cleaned("chaos") == ("", False)


def menu(response) -> list[tuple[str, str, bool]]:
    """The form's sort menu: (value, label, selected) per option."""
    select = re.search(r'<select name="tri"[^>]*>(.*?)</select>', response.content.decode(), re.S)
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1)
        )
    ]


def test_the_page_names_its_sort(client, make_offer):
    make_offer(title="Une")
    make_offer(title="Deux")
    page = results(client)
    assert menu(page) == [("", RECENT, True), ("date", SOONEST, False)]
    words = text(page)
    assert "Triées par" in words and "2 offres de stage , les plus récentes d'abord" in words
    assert "Par défaut" not in words and "Pertinence" not in words


def test_a_keyword_sorts_by_relevance_a_place_by_distance(client, make_offer, place):
    make_offer(title="Bois et bois", description="bois", published_days_ago=9)
    make_offer(title="Atelier", description="un peu de bois", published_days_ago=1)
    make_offer(title="Loin", commune=place["dole"], published_days_ago=5)
    make_offer(title="Près", commune=place["in"], published_days_ago=7)
    keyword = results(client, q="bois")
    assert titles(keyword) == ["Bois et bois", "Atelier"]
    assert menu(keyword)[0] == ("", "Les plus pertinentes", True)
    assert "les plus pertinentes d'abord" in text(keyword)
    around = results(client, commune="Dole", rayon="100")
    assert titles(around) == ["Loin", "Atelier", "Bois et bois", "Près"]
    assert menu(around)[0] == ("", "Les plus proches", True)
    # Another sort picked stays picked; the page says which.
    newest = results(client, q="bois", tri="recent")
    assert titles(newest) == ["Atelier", "Bois et bois"]
    assert ("recent", RECENT, True) in menu(newest)
    assert "les plus récentes d'abord" in text(newest)


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"tri": "pertinence"}, "Pour trier par pertinence, tapez un mot-clé."),
        ({"tri": "distance"}, "Pour trier par distance, indiquez une commune."),
        ({"tri": "chaos"}, "Le tri « chaos » n'existe pas : il est ignoré."),
        ({"tri": "x" * 5000}, "n'existe pas : il est ignoré."),
    ],
)
def test_a_sort_that_cannot_apply_falls_back_to_the_default_and_says_so(
    client, make_offer, params, notice
):
    make_offer(title="Ancienne", published_days_ago=9)
    make_offer(title="Nouvelle", published_days_ago=1)
    page = results(client, **params)
    assert titles(page) == ["Nouvelle", "Ancienne"]
    assert notice in text(page)
    assert menu(page)[0] == ("", RECENT, False)  # the default, shown first


def test_old_urls_keep_their_sort(client, make_offer, place):
    make_offer(title="Près", commune=place["in"], published_days_ago=7)
    make_offer(title="Loin", commune=place["dole"], published_days_ago=1)
    for value in ("distance", "proches"):
        page = results(client, commune="Besançon", rayon="100", tri=value)
        assert titles(page) == ["Près", "Loin"]
    relevance = results(client, q="offre", tri="pertinence")
    assert relevance.context["page"].results.sort == Sort.RELEVANCE
    assert "Pour trier" not in text(relevance)
