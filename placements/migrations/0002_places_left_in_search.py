"""The search counts places left: a period's places minus its applications that hold a
place (offers.places.HOLDING_STATES), not its places.

offers_period_places_left() counts them. The period summary the search then read (offers
0003, 0007: periods_start/_end/_max_places, periods_weeks) keeps only periods with a place
left, and an application entering or leaving a holding state refreshes its offer's summary.
The three offers functions of 0007 are restated here with places left, and restated as
they were for the reverse. (search/migrations/0001 moves all of this to search_entry; the
current definitions are in search/sql/read_model.sql.)
"""

from django.db import migrations

# The states that held a place when this migration was written, frozen: a migration must not
# follow later changes of offers.places.HOLDING_STATES (a test compares them today).
HOLDING = "('accepted', 'confirmed')"

SUMMARY_WITH_PLACES_LEFT = r"""
CREATE OR REPLACE FUNCTION offers_weeks_of(offer bigint) RETURNS date[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT w ORDER BY w), '{}')
    FROM offers_offerperiod p, unnest(offers_weeks_covered(p.start, p."end")) w
   WHERE p.offer_id = offer AND offers_period_places_left(p.id, p.places) > 0
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
  SELECT min(p.start), max(p."end"), max(offers_period_places_left(p.id, p.places))
    INTO NEW.periods_start, NEW.periods_end, NEW.periods_max_places
    FROM offers_offerperiod p
   WHERE p.offer_id = NEW.id AND offers_period_places_left(p.id, p.places) > 0;
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
             max(offers_period_places_left(p.id, p.places)) AS periods_max_places
        FROM unnest(ids) AS i(id)
        LEFT JOIN offers_offerperiod p ON p.offer_id = i.id AND offers_period_places_left(p.id, p.places) > 0
       GROUP BY i.id
    ) s
   WHERE o.id = s.id
$$;
"""

SUMMARY_WITH_PLACES = r"""
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
"""

SQL = f"""
CREATE OR REPLACE FUNCTION offers_period_places_left(period bigint, places integer)
RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT places - count(*)::integer FROM placements_application a
   WHERE a.period_id = period AND a.state IN {HOLDING}
$$;
{SUMMARY_WITH_PLACES_LEFT}
CREATE OR REPLACE FUNCTION placements_application_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM offers_refresh_period_summary(
    ARRAY(SELECT DISTINCT o FROM unnest(ARRAY[OLD.offer_id, NEW.offer_id]) o
           WHERE o IS NOT NULL));
  RETURN NULL;
END
$$;

CREATE TRIGGER placements_application_taken
  AFTER INSERT ON placements_application FOR EACH ROW
  WHEN (NEW.state IN {HOLDING}) EXECUTE FUNCTION placements_application_places();
CREATE TRIGGER placements_application_freed
  AFTER DELETE ON placements_application FOR EACH ROW
  WHEN (OLD.state IN {HOLDING}) EXECUTE FUNCTION placements_application_places();
CREATE TRIGGER placements_application_moved
  AFTER UPDATE OF state, period_id, offer_id ON placements_application FOR EACH ROW
  WHEN ((OLD.state IN {HOLDING} OR NEW.state IN {HOLDING})
        AND (OLD.state IS DISTINCT FROM NEW.state
             OR OLD.period_id IS DISTINCT FROM NEW.period_id
             OR OLD.offer_id IS DISTINCT FROM NEW.offer_id))
  EXECUTE FUNCTION placements_application_places();

-- Offers that already have accepted pupils.
SELECT offers_refresh_period_summary(ARRAY(
  SELECT DISTINCT offer_id FROM placements_application WHERE state IN {HOLDING}));
"""

REVERSE = f"""
DROP TRIGGER IF EXISTS placements_application_taken ON placements_application;
DROP TRIGGER IF EXISTS placements_application_freed ON placements_application;
DROP TRIGGER IF EXISTS placements_application_moved ON placements_application;
DROP FUNCTION IF EXISTS placements_application_places();
{SUMMARY_WITH_PLACES}
DROP FUNCTION IF EXISTS offers_period_places_left(bigint, integer);
SELECT offers_refresh_period_summary(ARRAY(
  SELECT DISTINCT offer_id FROM placements_application WHERE state IN {HOLDING}));
"""


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial"), ("offers", "0008_search_keyword_known")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
