"""Week and host-type filters as index conditions: two more columns kept by the triggers.

- `periods_weeks`: the Mondays of the weeks (Monday to Friday) wholly inside a period with
  places. The seconde-week filter becomes `periods_weeks @> '{monday}'` instead of one probe
  into the periods table per candidate offer.
- `host_type`: the host's, copied like its name (a change of either re-indexes its offers).

Both are added to the covering index offer_commune_live, so a radius search with every
filter is still an index-only scan; a GIN index serves the week filter without a place.
The offers' own GiST point index goes: distances now come from the commune list.
"""

import importlib

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

FUNCTIONS = r"""
-- Mondays m with start <= m and m + 4 <= finish.
CREATE OR REPLACE FUNCTION offers_weeks_covered(start date, finish date) RETURNS date[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(first_monday + 7 * k ORDER BY k), '{}')
    FROM (SELECT start + (8 - extract(isodow FROM start)::int) % 7 AS first_monday) f,
         generate_series(0, floor(((finish - 4) - first_monday) / 7.0)::int) k
$$;

CREATE OR REPLACE FUNCTION offers_weeks_of(offer bigint) RETURNS date[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT w ORDER BY w), '{}')
    FROM offers_offerperiod p, unnest(offers_weeks_covered(p.start, p."end")) w
   WHERE p.offer_id = offer AND p.places > 0
$$;

CREATE OR REPLACE FUNCTION offers_offer_search_columns() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  host text;
  kind text;
BEGIN
  IF TG_OP = 'INSERT'
     OR NEW.search_vector IS NULL
     OR NEW.title IS DISTINCT FROM OLD.title
     OR NEW.description IS DISTINCT FROM OLD.description
     OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id THEN
    SELECT name, host_type INTO host, kind
      FROM organisations_organisation WHERE id = NEW.organisation_id;
    NEW.search_vector := offers_search_vector(NEW.title, NEW.description, host);
    NEW.search_text := lower(stages_unaccent(NEW.title || ' ' || coalesce(host, '')));
    NEW.host_type := coalesce(kind, '');
  ELSE
    -- Django writes back whatever it loaded: keep what the database computed.
    NEW.search_vector := OLD.search_vector;
    NEW.search_text := OLD.search_text;
    NEW.host_type := OLD.host_type;
  END IF;
  IF TG_OP = 'INSERT'
     OR NEW.place_latitude IS NULL
     OR NEW.commune_id IS DISTINCT FROM OLD.commune_id THEN
    SELECT c.latitude, c.longitude, c.department_id
      INTO NEW.place_latitude, NEW.place_longitude, NEW.place_department
      FROM reference_commune c WHERE c.insee = NEW.commune_id;
  ELSE
    NEW.place_latitude := OLD.place_latitude;
    NEW.place_longitude := OLD.place_longitude;
    NEW.place_department := OLD.place_department;
  END IF;
  SELECT min(p.start), max(p."end"), max(p.places)
    INTO NEW.periods_start, NEW.periods_end, NEW.periods_max_places
    FROM offers_offerperiod p
   WHERE p.offer_id = NEW.id AND p.places > 0;
  NEW.periods_weeks := offers_weeks_of(NEW.id);
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION offers_refresh_period_summary(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE offers_offer o
     SET periods_start = s.periods_start, periods_end = s.periods_end,
         periods_max_places = s.periods_max_places, periods_weeks = offers_weeks_of(s.id)
    FROM (
      SELECT i.id, min(p.start) AS periods_start, max(p."end") AS periods_end,
             max(p.places) AS periods_max_places
        FROM unnest(ids) AS i(id)
        LEFT JOIN offers_offerperiod p ON p.offer_id = i.id AND p.places > 0
       GROUP BY i.id
    ) s
   WHERE o.id = s.id
$$;

DROP TRIGGER IF EXISTS offers_host_renamed ON organisations_organisation;
CREATE TRIGGER offers_host_renamed
  AFTER UPDATE OF name, host_type ON organisations_organisation
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name
                     OR OLD.host_type IS DISTINCT FROM NEW.host_type)
  EXECUTE FUNCTION offers_host_renamed();

-- Existing offers: a NULL vector makes the trigger recompute everything.
UPDATE offers_offer SET search_vector = NULL;

-- Distances come from the commune list now (search/queries.py): no more per-offer point.
DROP INDEX IF EXISTS offer_place_earth;
DROP INDEX IF EXISTS offer_commune_live;
CREATE INDEX offer_commune_live ON offers_offer (commune_id)
  INCLUDE (id, periods_end, periods_max_places, sector_id, place_department, publics,
           accessible, published_at, periods_weeks, host_type)
  WHERE state = 'published';
"""

# Back to the functions of 0003 and 0004, before the new columns are dropped.
_0003 = importlib.import_module("offers.migrations.0003_search")
_0004 = importlib.import_module("offers.migrations.0004_search_place")
REVERSE = (
    _0004.TRIGGER_FUNCTION.split("-- Existing offers")[0]
    + _0003.FUNCTIONS[_0003.FUNCTIONS.index("CREATE OR REPLACE FUNCTION offers_refresh_period_summary") :]
    .split("CREATE OR REPLACE FUNCTION offers_period_changed")[0]
    + r"""
DROP FUNCTION IF EXISTS offers_weeks_of(bigint);
DROP FUNCTION IF EXISTS offers_weeks_covered(date, date);
DROP TRIGGER IF EXISTS offers_host_renamed ON organisations_organisation;
CREATE TRIGGER offers_host_renamed
  AFTER UPDATE OF name ON organisations_organisation
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION offers_host_renamed();
DROP INDEX IF EXISTS offer_commune_live;
CREATE INDEX offer_commune_live ON offers_offer (commune_id)
  INCLUDE (id, periods_end, periods_max_places, sector_id, place_department, publics,
           accessible, organisation_id, published_at, place_latitude, place_longitude)
  WHERE state = 'published';
CREATE INDEX IF NOT EXISTS offer_place_earth ON offers_offer
  USING gist (ll_to_earth(place_latitude, place_longitude)) WHERE state = 'published';
"""
)


class Migration(migrations.Migration):
    dependencies = [("offers", "0006_search_commune_covering"), ("organisations", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="periods_weeks",
            field=ArrayField(models.DateField(), default=list, editable=False),
        ),
        migrations.AddField(
            model_name="offer",
            name="host_type",
            field=models.CharField(blank=True, default="", editable=False, max_length=16),
        ),
        # The previous trigger function does not know the new columns: replaced before use.
        migrations.RunSQL(FUNCTIONS, REVERSE),
        migrations.AddIndex(
            model_name="offer",
            index=GinIndex(
                condition=models.Q(state="published"),
                fields=["periods_weeks"],
                name="offer_weeks",
            ),
        ),
    ]
