"""offers_offer's search indexes dropped: search_entry has its own (0002).

DROP INDEX CONCURRENTLY waits for the searches still reading them and never blocks writes;
one statement per operation, outside a transaction. The reverse refills the offers' search
columns batch by batch (restored, with their triggers, by reversing 0004), then builds the
indexes again, concurrently.
"""

from django.db import migrations, transaction

BATCH = 5_000

OLD_INDEXES = {
    "offer_search_vector": "USING gin (search_vector)",
    "offer_search_text_trgm": "USING gin (search_text gin_trgm_ops)",
    "offer_weeks": "USING gin (periods_weeks)",
    "offer_published_newest": "(published_at DESC, id DESC)",
    "offer_department_newest": "(place_department, published_at DESC, id DESC)",
    "offer_published_facets": """(periods_end)
      INCLUDE (sector_id, place_department, publics, periods_max_places)""",
    "offer_commune_live": """(commune_id, accessible, host_type)
      INCLUDE (id, periods_start, periods_end, periods_max_places, sector_id, place_department,
               publics, published_at, periods_weeks)""",
}


def refill(apps, schema_editor):
    """A NULL vector and place make the restored offers trigger recompute every column; the
    restored statement triggers count and index the words of each batch."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM offers_offer")
        first, last = cursor.fetchone()
        for start in range(first, last + 1, BATCH):
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute(
                    "UPDATE offers_offer SET search_vector = NULL, place_latitude = NULL"
                    " WHERE id >= %s AND id < %s",
                    [start, start + BATCH],
                )
        cursor.execute("ANALYZE offers_offer")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0002_search_entry_filled")]

    operations = [
        *(
            migrations.RunSQL(
                f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
                f"CREATE INDEX CONCURRENTLY {name} ON offers_offer {columns}"
                " WHERE state = 'published'",
            )
            for name, columns in OLD_INDEXES.items()
        ),
        migrations.RunPython(migrations.RunPython.noop, refill),
    ]
