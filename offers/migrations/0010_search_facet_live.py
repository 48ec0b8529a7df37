"""Facet counts of today's live offers, summed ahead: offers_search_facet_live.

offers_search_facet_count (0005) keys its counts by period end date so that "live"
(`periods_end >= today`) stays exact as days pass; but the unfiltered search, the search
page's default, then groups its 28,000 rows (100,000 offers): 18 ms a page. This table holds
the same counts summed over the end dates from `day` on, a few thousand rows:

- a row trigger on offers_search_facet_count passes each change on, when its end date is
  not before `day`;
- offers_search_facets_live(today) moves `day` to today on the first search of the day,
  rebuilding the sums from the dated counts (one request a day pays the 18 ms).

Both take the `day` row lock (shared for changes, exclusive for the rebuild), so a change
never lands in the sums with yesterday's `day`. The rebuild never waits for a write (SKIP
LOCKED): until it has run, searches count from the dated table, as before.
"""

from django.db import migrations

SQL = r"""
CREATE TABLE offers_search_facet_live (
  sector_id varchar(4) NOT NULL,
  department varchar(3) NOT NULL,
  publics varchar(10)[] NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (sector_id, department, publics)
);
CREATE TABLE offers_search_facet_live_day (day date NOT NULL);
INSERT INTO offers_search_facet_live_day VALUES ('-infinity');

CREATE OR REPLACE FUNCTION offers_search_facet_live_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  since date;
BEGIN
  SELECT day INTO since FROM offers_search_facet_live_day FOR SHARE;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.periods_end >= since THEN
    UPDATE offers_search_facet_live SET n = n - OLD.n
     WHERE (sector_id, department, publics) = (OLD.sector_id, OLD.department, OLD.publics);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.periods_end >= since THEN
    INSERT INTO offers_search_facet_live AS f (sector_id, department, publics, n)
    VALUES (NEW.sector_id, NEW.department, NEW.publics, NEW.n)
    ON CONFLICT (sector_id, department, publics) DO UPDATE SET n = f.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER offers_search_facet_live_delta
  AFTER INSERT OR UPDATE OR DELETE ON offers_search_facet_count
  FOR EACH ROW EXECUTE FUNCTION offers_search_facet_live_delta();

CREATE OR REPLACE FUNCTION offers_search_facets_live(today date)
RETURNS TABLE (sector_id varchar, department varchar, publics varchar[], n integer)
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT day FROM offers_search_facet_live_day) <> today THEN
    -- One request rebuilds; it never waits: if a write holds the day row, this request
    -- counts from the dated table below and a later one rebuilds.
    PERFORM 1 FROM offers_search_facet_live_day WHERE day <> today FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
      DELETE FROM offers_search_facet_live;
      INSERT INTO offers_search_facet_live (sector_id, department, publics, n)
        SELECT c.sector_id, c.department, c.publics, sum(c.n)
          FROM offers_search_facet_count c WHERE c.periods_end >= today
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
      UPDATE offers_search_facet_live_day SET day = today;
    END IF;
  END IF;
  -- The sums, if they are today's when read (one statement, one snapshot); otherwise,
  -- or when there are none, the dated counts.
  RETURN QUERY
    SELECT f.sector_id, f.department, f.publics, f.n FROM offers_search_facet_live f
     WHERE f.n > 0 AND (SELECT d.day FROM offers_search_facet_live_day d) = today;
  IF NOT FOUND THEN
    RETURN QUERY
      SELECT c.sector_id, c.department, c.publics, sum(c.n)::integer
        FROM offers_search_facet_count c WHERE c.periods_end >= today
       GROUP BY 1, 2, 3;
  END IF;
END
$$;
"""

REVERSE = r"""
DROP FUNCTION IF EXISTS offers_search_facets_live(date);
DROP TRIGGER IF EXISTS offers_search_facet_live_delta ON offers_search_facet_count;
DROP FUNCTION IF EXISTS offers_search_facet_live_delta();
DROP TABLE IF EXISTS offers_search_facet_live_day;
DROP TABLE IF EXISTS offers_search_facet_live;
"""


class Migration(migrations.Migration):
    dependencies = [("offers", "0009_search_known_words")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
