"""Is a keyword in any published offer? Through the full-text GIN index only.

For a word no offer contains, PostgreSQL estimates a few hundred matches and, to find the
first one, would rather scan the table (80 ms at 100,000 offers) than read an empty posting
list (0.01 ms). PostgreSQL has no per-query hints, but a function can carry its own planner
settings: sequential and plain index scans are off inside this one.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION offers_keyword_known(query tsquery) RETURNS boolean
LANGUAGE sql STABLE
SET enable_seqscan = off
SET enable_indexscan = off
AS $$
  SELECT EXISTS (
    SELECT 1 FROM offers_offer WHERE state = 'published' AND search_vector @@ query
  )
$$;
"""

REVERSE = "DROP FUNCTION IF EXISTS offers_keyword_known(tsquery);"


class Migration(migrations.Migration):
    dependencies = [("offers", "0007_search_weeks_host_type")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
