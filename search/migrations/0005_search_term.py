"""search_term, the keyword's index (search/sql/terms.sql), filled from search_entry.

Writes go on meanwhile. The triggers come first, so that an entry written during the fill
writes its own rows; each batch of entries is copied in a transaction of its own, holding
a share lock on its entries while it copies them (a writer of one of them waits for that
batch, a fraction of a second, then replaces its rows). The range index that searches
read is built CONCURRENTLY after the copy: one bulk build instead of an update per row.
"""

from django.db import migrations, transaction

from search import sql

BATCH = 2_000

TABLE = """
SET LOCAL lock_timeout = '5s';
CREATE TABLE search_term (
  term text COLLATE "C" NOT NULL,
  offer_id bigint NOT NULL,
  score smallint NOT NULL,
  sector_id varchar(4) NOT NULL,
  department varchar(3) NOT NULL,
  publics smallint NOT NULL,
  published_at timestamp with time zone,
  periods_end date NOT NULL,
  periods_max_places smallint NOT NULL
);
CREATE INDEX search_term_offer ON search_term (offer_id);
"""

LOCK = "SELECT 1 FROM search_entry WHERE offer_id >= %s AND offer_id < %s FOR SHARE"
COPY = """
SELECT search_terms_rows(ARRAY(
  SELECT e FROM search_entry e WHERE e.offer_id >= %s AND e.offer_id < %s))
"""

PREFIX_INDEX = """
CREATE INDEX CONCURRENTLY IF NOT EXISTS search_term_prefix ON search_term (term)
  INCLUDE (offer_id, score, sector_id, department, publics, published_at, periods_end,
           periods_max_places)
"""


def fill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(min(offer_id), 0), coalesce(max(offer_id), -1) FROM search_entry")
        first, last = cursor.fetchone()
        for start in range(first, last + 1, BATCH):
            batch = [start, start + BATCH]
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute(LOCK, batch)
                # Rows the triggers wrote since the table exists: the copy writes them again.
                cursor.execute("DELETE FROM search_term WHERE offer_id >= %s AND offer_id < %s", batch)
                cursor.execute(COPY, batch)


def analyse(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_term")  # index-only scans need the visibility map


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("search", "0004_offer_search_columns_dropped")]

    operations = [
        migrations.RunSQL(TABLE, "DROP TABLE search_term"),
        migrations.RunSQL(sql.terms(), sql.terms_removed()),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunSQL(PREFIX_INDEX, "DROP INDEX IF EXISTS search_term_prefix"),
        migrations.RunPython(analyse, migrations.RunPython.noop),
    ]
