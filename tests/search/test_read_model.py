"""search_entry is the search's, offers_offer the offer's: guards of that split, and of the
triggers that keep the entries."""

import re

import pytest
from django.db import connection

from offers.models import Offer, State
from offers.places import HOLDING_STATES, holding_states_sql
from placements.models import AppState
from search import sql
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

# The offer's own values that the entry copies, for filters without a join.
COPIED = {"commune_id", "sector_id", "publics", "accessible", "published_at"}


def columns(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        return dict(cursor.fetchall())


def test_offers_offer_holds_no_search_column():
    offer_columns = columns("offers_offer")
    # What the table holds is what the model declares: no column kept by SQL alone...
    assert set(offer_columns) == {field.column for field in Offer._meta.concrete_fields}
    # ...and none of the search's: those belong on search_entry (search/models.py).
    entry_columns = set(columns("search_entry"))
    assert set(offer_columns) & entry_columns == COPIED
    assert "tsvector" not in offer_columns.values()
    assert not [name for name in offer_columns if name.startswith(("search_", "periods_"))]


def test_offers_offer_has_no_search_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'offers_offer'"
        )
        indexes = dict(cursor.fetchall())
    assert not [name for name, definition in indexes.items() if "WHERE" in definition]
    assert not [name for name in indexes if name.startswith("offer_")]


def declared(text: str, kind: str) -> set[str]:
    return set(re.findall(rf"CREATE OR REPLACE {kind} (\w+)", text))


def test_every_search_function_and_trigger_is_declared_in_one_file():
    """read_model.sql, and terms.sql for the term index (loaded after its table exists)."""
    files = [sql.read_model(), sql.terms()]
    assert not declared(files[0], "FUNCTION") & declared(files[1], "FUNCTION")
    assert not declared(files[0], "TRIGGER") & declared(files[1], "TRIGGER")
    declared_functions = declared(files[0], "FUNCTION") | declared(files[1], "FUNCTION")
    declared_triggers = declared(files[0], "TRIGGER") | declared(files[1], "TRIGGER")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"
            " AND (proname LIKE 'search%%' OR proname LIKE 'offers%%')"
        )
        functions = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = {name for (name,) in cursor.fetchall()}
    assert functions == declared_functions - {"stages_unaccent"}
    # Every trigger of the database is the search's, declared in one of the files.
    assert triggers == declared_triggers


def test_the_states_that_hold_a_place_are_named_once():
    assert set(HOLDING_STATES) <= set(AppState.values)
    raw = (sql.HERE / "read_model.sql").read_text()
    assert not [state for state in AppState.values if f"'{state}'" in raw]
    assert holding_states_sql() in sql.read_model()


def test_an_entry_per_published_offer_only(make_offer):
    offer = make_offer(title="Boulangerie")
    draft = make_offer(title="Brouillon", state=State.DRAFT)
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == {offer.pk}
    Offer.objects.filter(pk=draft.pk).update(state=State.PUBLISHED)
    Offer.objects.filter(pk=offer.pk).update(state=State.WITHDRAWN)
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == {draft.pk}
    Offer.objects.filter(pk=draft.pk).delete()
    assert not SearchEntry.objects.exists()


def test_an_entry_copies_the_offer_and_follows_its_edits(make_offer, place, sectors):
    offer = make_offer(title="Boulangerie", commune=place["besancon"], sector=sectors["food"])
    offer.refresh_from_db()
    offer.commune = place["dole"]
    offer.sector = sectors["health"]
    offer.accessible = True
    offer.save()
    entry = SearchEntry.objects.get(offer=offer)
    assert (entry.commune_id, entry.department, entry.sector_id, entry.accessible) == (
        "39198",
        "39",
        "s43",
        True,
    )
    assert entry.published_at == offer.published_at


def test_changing_the_holding_states_needs_a_migration():
    """Migrations freeze the states they were written with; a change of HOLDING_STATES must
    come with a search migration that reloads read_model.sql (then update this test)."""
    import importlib

    frozen = importlib.import_module("placements.migrations.0002_places_left_in_search").HOLDING
    assert frozen == holding_states_sql()
