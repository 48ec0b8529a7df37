"""Facet counts of the unfiltered search, kept by the database: offers_search_facet_count.

A search with no filter but its facets (sector, department, public) counts every live offer:
82,000 rows grouped at 100,000 offers, 130 ms. This table holds the number of published
offers with places left per (sector, department, publics, periods_end); "live" is
`periods_end >= today`, so the counts stay exact as days pass, with no nightly job. A few
thousand rows per period end date, whatever the number of offers.

Statement triggers on offers_offer (transition tables) apply each statement's delta in one
upsert, so bulk inserts (seed_demo, the national sync) and the period summary refresh
(offers_refresh_period_summary, an UPDATE of offers_offer) keep it right. TRUNCATE of
offers_offer (test flushes) empties it.
"""

from django.db import migrations

SQL = r"""
CREATE TABLE offers_search_facet_count (
  sector_id varchar(4) NOT NULL,
  department varchar(3) NOT NULL,
  publics varchar(10)[] NOT NULL,
  periods_end date NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (sector_id, department, publics, periods_end)
);

CREATE INDEX offers_search_facet_count_empty ON offers_search_facet_count (sector_id)
  WHERE n <= 0;

-- Keys in a fixed order: two concurrent writers lock the rows they share in the same order.
CREATE OR REPLACE FUNCTION offers_search_facet_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO offers_search_facet_count AS f (sector_id, department, publics, periods_end, n)
      SELECT sector_id, place_department, publics, periods_end, count(*) FROM new_offers
       WHERE state = 'published' AND periods_max_places >= 1 AND periods_end IS NOT NULL
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (sector_id, department, publics, periods_end) DO UPDATE SET n = f.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO offers_search_facet_count AS f (sector_id, department, publics, periods_end, n)
      SELECT sector_id, place_department, publics, periods_end, -count(*) FROM old_offers
       WHERE state = 'published' AND periods_max_places >= 1 AND periods_end IS NOT NULL
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (sector_id, department, publics, periods_end) DO UPDATE SET n = f.n + EXCLUDED.n;
  ELSE
    INSERT INTO offers_search_facet_count AS f (sector_id, department, publics, periods_end, n)
      SELECT sector_id, department, publics, periods_end, sum(n) FROM (
        SELECT sector_id, place_department AS department, publics, periods_end, 1 AS n
          FROM new_offers
         WHERE state = 'published' AND periods_max_places >= 1 AND periods_end IS NOT NULL
        UNION ALL
        SELECT sector_id, place_department, publics, periods_end, -1
          FROM old_offers
         WHERE state = 'published' AND periods_max_places >= 1 AND periods_end IS NOT NULL
      ) delta
       GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (sector_id, department, publics, periods_end) DO UPDATE SET n = f.n + EXCLUDED.n;
  END IF;
  DELETE FROM offers_search_facet_count WHERE n <= 0;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION offers_search_facet_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM offers_search_facet_count;
  RETURN NULL;
END
$$;

CREATE TRIGGER offers_search_facet_inserted
  AFTER INSERT ON offers_offer REFERENCING NEW TABLE AS new_offers
  FOR EACH STATEMENT EXECUTE FUNCTION offers_search_facet_delta();
CREATE TRIGGER offers_search_facet_updated
  AFTER UPDATE ON offers_offer REFERENCING OLD TABLE AS old_offers NEW TABLE AS new_offers
  FOR EACH STATEMENT EXECUTE FUNCTION offers_search_facet_delta();
CREATE TRIGGER offers_search_facet_deleted
  AFTER DELETE ON offers_offer REFERENCING OLD TABLE AS old_offers
  FOR EACH STATEMENT EXECUTE FUNCTION offers_search_facet_delta();
CREATE TRIGGER offers_search_facet_truncated
  AFTER TRUNCATE ON offers_offer
  FOR EACH STATEMENT EXECUTE FUNCTION offers_search_facet_truncate();

INSERT INTO offers_search_facet_count (sector_id, department, publics, periods_end, n)
  SELECT sector_id, place_department, publics, periods_end, count(*)
    FROM offers_offer
   WHERE state = 'published' AND periods_max_places >= 1 AND periods_end IS NOT NULL
   GROUP BY 1, 2, 3, 4;
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS offers_search_facet_truncated ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_facet_deleted ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_facet_updated ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_facet_inserted ON offers_offer;
DROP FUNCTION IF EXISTS offers_search_facet_truncate();
DROP FUNCTION IF EXISTS offers_search_facet_delta();
DROP TABLE IF EXISTS offers_search_facet_count;
"""


class Migration(migrations.Migration):
    dependencies = [("offers", "0004_search_place")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
