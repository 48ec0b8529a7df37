-- The search's read model, kept right by the database whoever writes (seed_demo and the
-- national sync write in bulk, tests and staff with raw updates): the current definition
-- of every search function and trigger.
--
-- search_entry (search.models.SearchEntry) holds one row per published offer with what
-- the search filters, counts, ranks and sorts on; search_facet_count, search_facet_live and
-- search_word are derived from it. Loaded by search/migrations/0001 through
-- search.sql.read_model(), which puts offers.places.HOLDING_STATES in {holding_states}.
-- Idempotent (CREATE OR REPLACE): a change here ships with a migration that runs
-- RunSQL(sql.read_model()) again. A fresh database runs the current file at 0001, perhaps
-- before a column it reads exists: function bodies are checked when called, not here.

SET LOCAL check_function_bodies = off;

-- unaccent is only STABLE (its dictionary could change): an IMMUTABLE wrapper, usable in
-- indexed expressions.
CREATE OR REPLACE FUNCTION stages_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Weighted French full text: title (A), description (B), host name (C), accents removed.
CREATE OR REPLACE FUNCTION search_vector(title text, description text, host text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(title, ''))), 'A')
      || setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(description, ''))), 'B')
      || setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(host, ''))), 'C')
$$;

-- Places left in a period (offers/places.py): its places minus its applications that hold
-- a place.
CREATE OR REPLACE FUNCTION search_places_left(period bigint, places integer)
RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT places - count(*)::integer FROM placements_application a
   WHERE a.period_id = period AND a.state IN {holding_states}
$$;

-- Mondays m with start <= m and m + 4 <= finish: the weeks (Monday to Friday) wholly
-- inside a period.
CREATE OR REPLACE FUNCTION search_weeks_covered(start date, finish date) RETURNS date[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(first_monday + 7 * k ORDER BY k), '{}')
    FROM (SELECT start + (8 - extract(isodow FROM start)::int) % 7 AS first_monday) f,
         generate_series(0, floor(((finish - 4) - first_monday) / 7.0)::int) k
$$;

-- An offer's periods with a place left, summed up: first start, last end, most places left
-- in one, the weeks they cover. Ended periods are included (the search compares the dates).
CREATE OR REPLACE FUNCTION search_period_summary(offer bigint)
RETURNS TABLE (first_start date, last_end date, most_left smallint, weeks date[])
LANGUAGE sql STABLE AS $$
  WITH open_periods AS MATERIALIZED (
    SELECT p.start, p."end", l.n
      FROM offers_offerperiod p
     CROSS JOIN LATERAL (SELECT search_places_left(p.id, p.places) AS n) l
     WHERE p.offer_id = offer AND l.n > 0
  )
  SELECT min(start), max("end"), max(n)::smallint,
         coalesce((SELECT array_agg(DISTINCT w ORDER BY w)
                     FROM open_periods o, unnest(search_weeks_covered(o.start, o."end")) w),
                  '{}')
    FROM open_periods
$$;

-- The entries of these offers, from their sources: written for published offers, removed
-- for the others. A write that changes nothing leaves the row (and the counts) alone.
CREATE OR REPLACE FUNCTION search_entry_build(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM search_entry e
   WHERE e.offer_id = ANY(ids)
     AND NOT EXISTS (SELECT 1 FROM offers_offer o WHERE o.id = e.offer_id AND o.state = 'published');
  INSERT INTO search_entry AS e (
    offer_id, commune_id, department, sector_id, publics, accessible, published_at, host_type,
    search_vector, search_text, periods_start, periods_end, periods_max_places, periods_weeks)
  SELECT o.id, o.commune_id, c.department_id, o.sector_id, o.publics, o.accessible,
         o.published_at, h.host_type, search_vector(o.title, o.description, h.name),
         lower(stages_unaccent(o.title || ' ' || h.name)),
         s.first_start, s.last_end, s.most_left, s.weeks
    FROM offers_offer o
    JOIN organisations_organisation h ON h.id = o.organisation_id
    JOIN reference_commune c ON c.insee = o.commune_id
   CROSS JOIN LATERAL search_period_summary(o.id) s
   WHERE o.id = ANY(ids) AND o.state = 'published'
   ORDER BY o.id  -- two writers lock shared rows in the same order
  ON CONFLICT (offer_id) DO UPDATE SET
    commune_id = EXCLUDED.commune_id, department = EXCLUDED.department,
    sector_id = EXCLUDED.sector_id, publics = EXCLUDED.publics,
    accessible = EXCLUDED.accessible, published_at = EXCLUDED.published_at,
    host_type = EXCLUDED.host_type, search_vector = EXCLUDED.search_vector,
    search_text = EXCLUDED.search_text, periods_start = EXCLUDED.periods_start,
    periods_end = EXCLUDED.periods_end, periods_max_places = EXCLUDED.periods_max_places,
    periods_weeks = EXCLUDED.periods_weeks
  WHERE e IS DISTINCT FROM EXCLUDED;
$$;

-- The period columns only (periods or applications changed).
CREATE OR REPLACE FUNCTION search_entry_periods(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE search_entry e
     SET periods_start = s.first_start, periods_end = s.last_end,
         periods_max_places = s.most_left, periods_weeks = s.weeks
    FROM (SELECT DISTINCT unnest(ids) AS id) i
   CROSS JOIN LATERAL search_period_summary(i.id) s
   WHERE e.offer_id = i.id
     AND (e.periods_start, e.periods_end, e.periods_max_places, e.periods_weeks)
         IS DISTINCT FROM (s.first_start, s.last_end, s.most_left, s.weeks);
$$;

-- Offers inserted, updated or deleted (one call per statement: bulk inserts stay fast).
CREATE OR REPLACE FUNCTION search_offers_written() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM search_entry_build(ARRAY(SELECT id FROM new_offers WHERE state = 'published'));
    RETURN NULL;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM search_entry e USING old_offers o WHERE e.offer_id = o.id;
    RETURN NULL;
  END IF;
  -- Django saves every field: same words, only the offer's own columns are copied.
  UPDATE search_entry e
     SET commune_id = n.commune_id, department = c.department_id, sector_id = n.sector_id,
         publics = n.publics, accessible = n.accessible, published_at = n.published_at
    FROM new_offers n
    JOIN old_offers o ON o.id = n.id
    JOIN reference_commune c ON c.insee = n.commune_id
   WHERE e.offer_id = n.id AND n.state = 'published' AND o.state = 'published'
     AND (n.title, n.description, n.organisation_id) = (o.title, o.description, o.organisation_id)
     AND (e.commune_id, e.department, e.sector_id, e.publics, e.accessible, e.published_at)
         IS DISTINCT FROM (n.commune_id, c.department_id, n.sector_id, n.publics, n.accessible,
                           n.published_at);
  -- In or out of the search, or new words: the whole entry.
  PERFORM search_entry_build(ARRAY(
    SELECT n.id FROM new_offers n JOIN old_offers o ON o.id = n.id
     WHERE n.state IS DISTINCT FROM o.state
        OR (n.state = 'published'
            AND ((n.title, n.description, n.organisation_id)
                 IS DISTINCT FROM (o.title, o.description, o.organisation_id)
                 OR NOT EXISTS (SELECT 1 FROM search_entry e WHERE e.offer_id = n.id)))));
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_periods_written() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM search_entry_periods(ARRAY(SELECT offer_id FROM new_periods));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM search_entry_periods(ARRAY(
      SELECT offer_id FROM new_periods UNION SELECT offer_id FROM old_periods));
  ELSE
    PERFORM search_entry_periods(ARRAY(SELECT offer_id FROM old_periods));
  END IF;
  RETURN NULL;
END
$$;

-- A host renamed or retyped: its published offers' words and host type.
CREATE OR REPLACE FUNCTION search_host_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_entry_build(ARRAY(
    SELECT id FROM offers_offer WHERE organisation_id = NEW.id AND state = 'published'));
  RETURN NULL;
END
$$;

-- An application taking or freeing a place: its offer's period columns.
CREATE OR REPLACE FUNCTION search_application_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_entry_periods(ARRAY(
    SELECT o FROM unnest(ARRAY[OLD.offer_id, NEW.offer_id]) o WHERE o IS NOT NULL));
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER search_offers_inserted
  AFTER INSERT ON offers_offer REFERENCING NEW TABLE AS new_offers
  FOR EACH STATEMENT EXECUTE FUNCTION search_offers_written();
CREATE OR REPLACE TRIGGER search_offers_updated
  AFTER UPDATE ON offers_offer REFERENCING OLD TABLE AS old_offers NEW TABLE AS new_offers
  FOR EACH STATEMENT EXECUTE FUNCTION search_offers_written();
CREATE OR REPLACE TRIGGER search_offers_deleted
  AFTER DELETE ON offers_offer REFERENCING OLD TABLE AS old_offers
  FOR EACH STATEMENT EXECUTE FUNCTION search_offers_written();

CREATE OR REPLACE TRIGGER search_periods_inserted
  AFTER INSERT ON offers_offerperiod REFERENCING NEW TABLE AS new_periods
  FOR EACH STATEMENT EXECUTE FUNCTION search_periods_written();
CREATE OR REPLACE TRIGGER search_periods_updated
  AFTER UPDATE ON offers_offerperiod REFERENCING OLD TABLE AS old_periods NEW TABLE AS new_periods
  FOR EACH STATEMENT EXECUTE FUNCTION search_periods_written();
CREATE OR REPLACE TRIGGER search_periods_deleted
  AFTER DELETE ON offers_offerperiod REFERENCING OLD TABLE AS old_periods
  FOR EACH STATEMENT EXECUTE FUNCTION search_periods_written();

CREATE OR REPLACE TRIGGER search_host_changed
  AFTER UPDATE OF name, host_type ON organisations_organisation
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name
                     OR OLD.host_type IS DISTINCT FROM NEW.host_type)
  EXECUTE FUNCTION search_host_changed();

CREATE OR REPLACE TRIGGER search_application_taken
  AFTER INSERT ON placements_application FOR EACH ROW
  WHEN (NEW.state IN {holding_states}) EXECUTE FUNCTION search_application_places();
CREATE OR REPLACE TRIGGER search_application_freed
  AFTER DELETE ON placements_application FOR EACH ROW
  WHEN (OLD.state IN {holding_states}) EXECUTE FUNCTION search_application_places();
CREATE OR REPLACE TRIGGER search_application_moved
  AFTER UPDATE OF state, period_id, offer_id ON placements_application FOR EACH ROW
  WHEN ((OLD.state IN {holding_states} OR NEW.state IN {holding_states})
        AND (OLD.state IS DISTINCT FROM NEW.state
             OR OLD.period_id IS DISTINCT FROM NEW.period_id
             OR OLD.offer_id IS DISTINCT FROM NEW.offer_id))
  EXECUTE FUNCTION search_application_places();


-- Facet counts of the unfiltered search: search_facet_count holds the number of entries
-- with a place left per (sector, department, publics, periods_end), so that "live"
-- (periods_end >= today) stays exact as days pass. Each statement on search_entry applies
-- its delta in one upsert, keys in a fixed order (two writers lock shared rows in the same
-- order).
CREATE OR REPLACE FUNCTION search_facet_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_facet_count AS f (sector_id, department, publics, periods_end, n)
      SELECT sector_id, department, publics, periods_end, count(*) FROM new_entries
       WHERE periods_max_places >= 1 AND periods_end IS NOT NULL
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (sector_id, department, publics, periods_end) DO UPDATE SET n = f.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO search_facet_count AS f (sector_id, department, publics, periods_end, n)
      SELECT sector_id, department, publics, periods_end, -count(*) FROM old_entries
       WHERE periods_max_places >= 1 AND periods_end IS NOT NULL
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (sector_id, department, publics, periods_end) DO UPDATE SET n = f.n + EXCLUDED.n;
  ELSE
    INSERT INTO search_facet_count AS f (sector_id, department, publics, periods_end, n)
      SELECT sector_id, department, publics, periods_end, sum(n) FROM (
        SELECT sector_id, department, publics, periods_end, 1 AS n FROM new_entries
         WHERE periods_max_places >= 1 AND periods_end IS NOT NULL
        UNION ALL
        SELECT sector_id, department, publics, periods_end, -1 FROM old_entries
         WHERE periods_max_places >= 1 AND periods_end IS NOT NULL
      ) delta
       GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (sector_id, department, publics, periods_end) DO UPDATE SET n = f.n + EXCLUDED.n;
  END IF;
  DELETE FROM search_facet_count WHERE n <= 0;
  RETURN NULL;
END
$$;

-- search_facet_live: the same counts summed over the end dates from `day` on (a few
-- thousand rows), passed on by a row trigger on the dated counts; search_facets_live(today)
-- moves `day` on the first search of a day. Both take the `day` row lock (shared for
-- changes, exclusive for the rebuild), so a change never lands with yesterday's `day`; the
-- rebuild never waits for a write (SKIP LOCKED): until it has run, searches count from the
-- dated table.
CREATE OR REPLACE FUNCTION search_facet_live_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  since date;
BEGIN
  SELECT day INTO since FROM search_facet_live_day FOR SHARE;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.periods_end >= since THEN
    UPDATE search_facet_live SET n = n - OLD.n
     WHERE (sector_id, department, publics) = (OLD.sector_id, OLD.department, OLD.publics);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.periods_end >= since THEN
    INSERT INTO search_facet_live AS f (sector_id, department, publics, n)
    VALUES (NEW.sector_id, NEW.department, NEW.publics, NEW.n)
    ON CONFLICT (sector_id, department, publics) DO UPDATE SET n = f.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_facets_live(today date)
RETURNS TABLE (sector_id varchar, department varchar, publics varchar[], n integer)
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT day FROM search_facet_live_day) <> today THEN
    PERFORM 1 FROM search_facet_live_day WHERE day <> today FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
      DELETE FROM search_facet_live;
      INSERT INTO search_facet_live (sector_id, department, publics, n)
        SELECT c.sector_id, c.department, c.publics, sum(c.n)
          FROM search_facet_count c WHERE c.periods_end >= today
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
      UPDATE search_facet_live_day SET day = today;
    END IF;
  END IF;
  -- The sums, if they are today's when read (one statement, one snapshot); otherwise, or
  -- when there are none, the dated counts.
  RETURN QUERY
    SELECT f.sector_id, f.department, f.publics, f.n FROM search_facet_live f
     WHERE f.n > 0 AND (SELECT d.day FROM search_facet_live_day d) = today;
  IF NOT FOUND THEN
    RETURN QUERY
      SELECT c.sector_id, c.department, c.publics, sum(c.n)::integer
        FROM search_facet_count c WHERE c.periods_end >= today
       GROUP BY 1, 2, 3;
  END IF;
END
$$;

-- Known words: the lexemes of published offers, for "is this keyword a typo?" (a B-tree
-- prefix lookup, where a GIN scan collects every match first). Words are never removed: a
-- word of a withdrawn offer stays known (its search gets the widening suggestions).
CREATE OR REPLACE FUNCTION search_words_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO search_word
    SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM new_entries ORDER BY 1
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO search_word
    SELECT DISTINCT unnest(tsvector_to_array(n.search_vector))
      FROM new_entries n JOIN old_entries o ON o.offer_id = n.offer_id
     WHERE n.search_vector IS DISTINCT FROM o.search_vector
     ORDER BY 1
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

-- Every word of the text is the prefix of a known word (stop words have no lexeme).
CREATE OR REPLACE FUNCTION search_words_known(words text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(bool_and(EXISTS (
           SELECT 1 FROM search_word k
            WHERE k.word >= w.lexeme AND k.word < w.lexeme || chr(1114111))), true)
    FROM unnest(tsvector_to_array(to_tsvector('french', stages_unaccent(words)))) w(lexeme)
$$;

-- TRUNCATE of the entries (test flushes, which also truncate the offers) empties what is
-- derived from them.
CREATE OR REPLACE FUNCTION search_entries_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_facet_count;
  DELETE FROM search_word;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER search_facet_inserted
  AFTER INSERT ON search_entry REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_facet_delta();
CREATE OR REPLACE TRIGGER search_facet_updated
  AFTER UPDATE ON search_entry REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_facet_delta();
CREATE OR REPLACE TRIGGER search_facet_deleted
  AFTER DELETE ON search_entry REFERENCING OLD TABLE AS old_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_facet_delta();
CREATE OR REPLACE TRIGGER search_words_inserted
  AFTER INSERT ON search_entry REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_added();
CREATE OR REPLACE TRIGGER search_words_updated
  AFTER UPDATE ON search_entry REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_words_added();
CREATE OR REPLACE TRIGGER search_entries_truncated
  AFTER TRUNCATE ON search_entry
  FOR EACH STATEMENT EXECUTE FUNCTION search_entries_truncated();
CREATE OR REPLACE TRIGGER search_facet_live_delta
  AFTER INSERT OR UPDATE OR DELETE ON search_facet_count
  FOR EACH ROW EXECUTE FUNCTION search_facet_live_delta();
