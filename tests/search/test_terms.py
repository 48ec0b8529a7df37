"""The keyword's term index (search_term, search/sql/terms.sql): kept by the triggers, and
answering as the search through search_entry does."""

import importlib

import pytest
from django.db import connection
from django.http import QueryDict

from offers.models import Offer, Public, State
from placements.models import AppState
from search import selectors
from search.filters import parse
from search.queries.facets import publics_mask
from tests.placements.factories import ApplicationFactory
from tests.search.helpers import results, titles

pytestmark = pytest.mark.django_db


def rows(offer) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, score FROM search_term WHERE offer_id = %s", [offer.pk])
        return dict(cursor.fetchall())


def rebuilt() -> set[tuple]:
    """search_term as the migration's fill writes it from the entries."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM search_term")
        kept = set(cursor.fetchall())
        cursor.execute("DELETE FROM search_term")
        migration = importlib.import_module("search.migrations.0005_search_term")
        migration.fill(None, type("Editor", (), {"connection": connection})())
        cursor.execute("SELECT * FROM search_term")
        return kept, set(cursor.fetchall())


def test_rows_follow_the_offer_its_places_and_its_state(make_offer):
    offer = make_offer(title="Boulangerie", description="Le pain.", host="Maison Roy")
    assert {"boulanger", "pain"} <= set(rows(offer))
    offer.refresh_from_db()
    offer.title = "Fromagerie"
    offer.save()
    assert "fromager" in rows(offer) and "boulanger" not in rows(offer)

    period = offer.periods.get()
    taken = [
        ApplicationFactory(offer=offer, period=period, state=AppState.ACCEPTED)
        for _ in range(period.places)
    ]
    assert rows(offer) == {}  # no place left: never live
    type(taken[0]).objects.filter(pk=taken[0].pk).update(state=AppState.CANCELLED)
    assert "fromager" in rows(offer)

    Offer.objects.filter(pk=offer.pk).update(state=State.WITHDRAWN)
    assert rows(offer) == {}


def test_a_lexeme_scores_title_then_description_mentions_then_host(make_offer):
    offer = make_offer(
        title="Menuiserie",
        description="La menuiserie, encore la menuiserie. Du bois.",
        host="Bois et menuiserie Roy",
    )
    scores = rows(offer)
    assert scores["menuiser"] == 100 + 2 * 10 + 1
    assert scores["bois"] == 10 + 1
    assert scores["roy"] == 1


def test_the_fill_writes_what_the_triggers_keep(make_offer):
    make_offer(title="Boulangerie", description="Pain et viennoiseries.")
    make_offer(title="Garage", host="Garage Roy", publics=[Public.SECONDE, Public.TROISIEME])
    kept, filled = rebuilt()
    assert kept and filled == kept


def test_publics_bits_are_the_same_in_python_and_sql():
    with connection.cursor() as cursor:
        for codes in [[code] for code in Public.values] + [Public.values, ["3e", "inconnu"], []]:
            cursor.execute("SELECT search_publics_mask(%s::varchar[])", [codes])
            assert cursor.fetchone()[0] == publics_mask(codes)
    assert publics_mask(Public.values) == 2 ** len(Public.values) - 1


def through_entries(monkeypatch, query: str):
    """The same search matched through search_entry (its GIN index) instead."""
    with monkeypatch.context() as patched:
        patched.setattr(selectors, "facets_and_words", lambda params: False)
        return selectors.search(parse(QueryDict(query))[1])


@pytest.mark.parametrize(
    "query",
    [
        "q=boulangerie",
        "q=pain+boulangerie",
        "q=boul",
        "q=boulangerie&departement=39",
        "q=boulangerie&public=seconde",
        "q=boulangerie&secteur=s43&public=3e",
        "q=boulangerie&tri=recent",
        "q=boulangerie&tri=date",
        "q=boulangerie&page=2",
        "q=le",
    ],
)
def test_the_term_index_answers_as_the_entries_do(monkeypatch, make_offer, place, sectors, query):
    for i in range(30):
        make_offer(
            title=["Boulangerie", "Pâtisserie", "Garage"][i % 3] + f" n° {i}",
            description="Pain. " * (i % 4) + ("Boulangerie de quartier." if i % 5 else ""),
            host=f"Maison {i}" + (" boulangère" if i % 7 == 0 else ""),
            commune=[place["besancon"], place["dole"]][i % 2],
            sector=[sectors["food"], sectors["health"]][i % 2],
            publics=[[Public.SECONDE], [Public.TROISIEME, Public.SECONDE], [Public.LYCEE_PRO]][
                i % 3
            ],
            published_days_ago=i % 6,
        )
    by_terms = selectors.search(parse(QueryDict(query))[1])
    by_entries = through_entries(monkeypatch, query)
    # The same counts (the page's ids come with them where the term index sorts the page).
    for facet in ("total", "sectors", "departments", "publics"):
        assert getattr(by_terms.facets, facet) == getattr(by_entries.facets, facet)
    assert [card.id for card in by_terms.cards] == [card.id for card in by_entries.cards]
    assert (by_terms.total == 0) == (query == "q=le")  # a stop word alone finds nothing


def test_more_mentions_in_the_description_rank_higher(client, make_offer):
    make_offer(title="Atelier", description="La menuiserie.")
    make_offer(title="Chantier", description="Menuiserie, menuiserie et menuiserie.")
    make_offer(title="Boutique", host="Menuiserie Faivre", description="Vente.")
    assert titles(results(client, q="menuiserie")) == ["Chantier", "Atelier", "Boutique"]


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_term_index(make_offer):
    make_offer(title="Boulangerie")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_entry")
        cursor.execute("SELECT count(*) FROM search_term")
        assert cursor.fetchone()[0] == 0
