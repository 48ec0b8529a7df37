"""search_entry filled from offers_offer's search columns, then its indexes built.

Writes go on meanwhile: each batch of offers is copied in a transaction of its own (an
offer written during the copy is already kept by the triggers of 0001, and ON CONFLICT
keeps their row), and the indexes are built CONCURRENTLY, after the copy (one bulk build
each instead of an index update per row). The copy reads the columns the old triggers
computed: no text is analysed again. Its statement triggers fill the facet counts and the
known words batch by batch.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models, transaction

BATCH = 5_000

COPY = """
INSERT INTO search_entry (
  offer_id, commune_id, department, sector_id, publics, accessible, published_at, host_type,
  search_vector, search_text, periods_start, periods_end, periods_max_places, periods_weeks)
SELECT id, commune_id, place_department, sector_id, publics, accessible, published_at,
       host_type, search_vector, search_text, periods_start, periods_end, periods_max_places,
       periods_weeks
  FROM offers_offer
 WHERE state = 'published' AND id >= %s AND id < %s AND search_vector IS NOT NULL
 ORDER BY id
ON CONFLICT (offer_id) DO NOTHING
"""


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM offers_offer")
        first, last = cursor.fetchone()
        for start in range(first, last + 1, BATCH):
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute(COPY, [start, start + BATCH])
        cursor.execute("ANALYZE search_entry")


def empty(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_entry")  # its trigger empties the counts and words


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0001_search_entry")]

    operations = [
        migrations.RunPython(fill, empty),
        AddIndexConcurrently(
            "searchentry", GinIndex(name="search_entry_vector", fields=["search_vector"])
        ),
        AddIndexConcurrently(
            "searchentry",
            GinIndex(name="search_entry_text", fields=["search_text"], opclasses=["gin_trgm_ops"]),
        ),
        AddIndexConcurrently(
            "searchentry", GinIndex(name="search_entry_weeks", fields=["periods_weeks"])
        ),
        AddIndexConcurrently(
            "searchentry",
            models.Index(name="search_entry_newest", fields=["-published_at", "-offer"]),
        ),
        AddIndexConcurrently(
            "searchentry",
            models.Index(
                name="search_entry_department", fields=["department", "-published_at", "-offer"]
            ),
        ),
        AddIndexConcurrently(
            "searchentry",
            models.Index(
                name="search_entry_facets",
                fields=["periods_end"],
                include=["sector", "department", "publics", "periods_max_places"],
            ),
        ),
        AddIndexConcurrently(
            "searchentry",
            models.Index(
                name="search_entry_commune",
                fields=["commune", "accessible", "host_type"],
                include=[
                    "offer",
                    "periods_start",
                    "periods_end",
                    "periods_max_places",
                    "sector",
                    "department",
                    "publics",
                    "published_at",
                    "periods_weeks",
                ],
            ),
        ),
    ]
