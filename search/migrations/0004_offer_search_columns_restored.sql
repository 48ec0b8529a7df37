-- The search columns of offers_offer as they were before search_entry (offers 0003 to
-- 0011, placements 0002): the reverse of search/migrations/0003, nothing else reads it.
ALTER TABLE offers_offer
  ADD COLUMN search_vector tsvector,
  ADD COLUMN search_text text NOT NULL DEFAULT '',
  ADD COLUMN periods_start date,
  ADD COLUMN periods_end date,
  ADD COLUMN periods_max_places smallint CHECK (periods_max_places >= 0),
  ADD COLUMN place_department varchar(3) NOT NULL DEFAULT '',
  ADD COLUMN place_latitude double precision,
  ADD COLUMN place_longitude double precision,
  ADD COLUMN periods_weeks date[] NOT NULL DEFAULT '{}',
  ADD COLUMN host_type varchar(16) NOT NULL DEFAULT '';
ALTER TABLE offers_offer
  ALTER COLUMN search_text DROP DEFAULT,
  ALTER COLUMN place_department DROP DEFAULT,
  ALTER COLUMN periods_weeks DROP DEFAULT,
  ALTER COLUMN host_type DROP DEFAULT;


CREATE OR REPLACE FUNCTION offers_search_vector(title text, description text, host text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(title, ''))), 'A')
      || setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(description, ''))), 'B')
      || setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(host, ''))), 'C')
$$;

CREATE OR REPLACE FUNCTION offers_weeks_covered(start date, finish date) RETURNS date[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(first_monday + 7 * k ORDER BY k), '{}')
    FROM (SELECT start + (8 - extract(isodow FROM start)::int) % 7 AS first_monday) f,
         generate_series(0, floor(((finish - 4) - first_monday) / 7.0)::int) k
$$;

CREATE OR REPLACE FUNCTION offers_period_places_left(period bigint, places integer)
RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT places - count(*)::integer FROM placements_application a
   WHERE a.period_id = period AND a.state IN {holding_states}
$$;

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

CREATE OR REPLACE FUNCTION offers_period_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT offer_id) INTO ids FROM new_periods;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(DISTINCT offer_id) INTO ids
      FROM (SELECT offer_id FROM new_periods UNION SELECT offer_id FROM old_periods) t;
  ELSE
    SELECT array_agg(DISTINCT offer_id) INTO ids FROM old_periods;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM offers_refresh_period_summary(ids);
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION offers_host_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A NULL vector asks offers_offer_search_columns to recompute it.
  UPDATE offers_offer SET search_vector = NULL WHERE organisation_id = NEW.id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION placements_application_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM offers_refresh_period_summary(
    ARRAY(SELECT DISTINCT o FROM unnest(ARRAY[OLD.offer_id, NEW.offer_id]) o
           WHERE o IS NOT NULL));
  RETURN NULL;
END
$$;

CREATE TRIGGER offers_offer_search_columns
  BEFORE INSERT OR UPDATE ON offers_offer
  FOR EACH ROW EXECUTE FUNCTION offers_offer_search_columns();

CREATE TRIGGER offers_period_inserted
  AFTER INSERT ON offers_offerperiod REFERENCING NEW TABLE AS new_periods
  FOR EACH STATEMENT EXECUTE FUNCTION offers_period_changed();
CREATE TRIGGER offers_period_updated
  AFTER UPDATE ON offers_offerperiod REFERENCING OLD TABLE AS old_periods NEW TABLE AS new_periods
  FOR EACH STATEMENT EXECUTE FUNCTION offers_period_changed();
CREATE TRIGGER offers_period_deleted
  AFTER DELETE ON offers_offerperiod REFERENCING OLD TABLE AS old_periods
  FOR EACH STATEMENT EXECUTE FUNCTION offers_period_changed();

CREATE TRIGGER offers_host_renamed
  AFTER UPDATE OF name, host_type ON organisations_organisation
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name
                     OR OLD.host_type IS DISTINCT FROM NEW.host_type)
  EXECUTE FUNCTION offers_host_renamed();

CREATE TRIGGER placements_application_taken
  AFTER INSERT ON placements_application FOR EACH ROW
  WHEN (NEW.state IN {holding_states}) EXECUTE FUNCTION placements_application_places();
CREATE TRIGGER placements_application_freed
  AFTER DELETE ON placements_application FOR EACH ROW
  WHEN (OLD.state IN {holding_states}) EXECUTE FUNCTION placements_application_places();
CREATE TRIGGER placements_application_moved
  AFTER UPDATE OF state, period_id, offer_id ON placements_application FOR EACH ROW
  WHEN ((OLD.state IN {holding_states} OR NEW.state IN {holding_states})
        AND (OLD.state IS DISTINCT FROM NEW.state
             OR OLD.period_id IS DISTINCT FROM NEW.period_id
             OR OLD.offer_id IS DISTINCT FROM NEW.offer_id))
  EXECUTE FUNCTION placements_application_places();

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

CREATE TABLE offers_search_word (word text COLLATE "C" PRIMARY KEY);

CREATE OR REPLACE FUNCTION offers_search_words_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted: two writers adding the same new words take their locks in the same order.
  INSERT INTO offers_search_word
  SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM new_offers
   WHERE state = 'published'
   ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION offers_search_words_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM offers_search_word;  -- test flushes truncate the offers
  RETURN NULL;
END
$$;

CREATE TRIGGER offers_search_words_inserted
  AFTER INSERT ON offers_offer REFERENCING NEW TABLE AS new_offers
  FOR EACH STATEMENT EXECUTE FUNCTION offers_search_words_added();
CREATE TRIGGER offers_search_words_updated
  AFTER UPDATE ON offers_offer REFERENCING NEW TABLE AS new_offers
  FOR EACH STATEMENT EXECUTE FUNCTION offers_search_words_added();
CREATE TRIGGER offers_search_words_truncated
  AFTER TRUNCATE ON offers_offer
  FOR EACH STATEMENT EXECUTE FUNCTION offers_search_words_truncate();

-- Every word of the text is the prefix of a known word (stop words have no lexeme).
CREATE OR REPLACE FUNCTION offers_words_known(words text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(bool_and(EXISTS (
           SELECT 1 FROM offers_search_word k
            WHERE k.word >= w.lexeme AND k.word < w.lexeme || chr(1114111))), true)
    FROM unnest(tsvector_to_array(to_tsvector('french', stages_unaccent(words)))) w(lexeme)
$$;

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
