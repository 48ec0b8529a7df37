-- The keyword's index: search_term holds one row per (live-able entry, lexeme), with the
-- lexeme's score and the entry's facet, live and sort columns. A keyword's counts and its
-- page by relevance are an index-only range scan per word (search_term_prefix): the
-- matching rows lie side by side, where a GIN scan of search_entry reads a heap page per
-- match. Derived from search_entry by the triggers below (loaded by search/migrations/0005,
-- after the table exists: read_model.sql runs at 0001, before it). The current definition
-- of the term functions and triggers; {public_codes} is offers.models.Public, in order.

SET LOCAL check_function_bodies = off;

-- A lexeme's relevance in one offer: in the title (weight A) first, then how often the
-- description (B) says it, capped at nine, then the host's name (C).
CREATE OR REPLACE FUNCTION search_lexeme_score(weights text[]) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (100 * (count(*) FILTER (WHERE w = 'A') > 0)::int
          + 10 * least(count(*) FILTER (WHERE w = 'B'), 9)
          + (count(*) FILTER (WHERE w = 'C') > 0)::int)::smallint
    FROM unnest(weights) w
$$;

-- The keyword's lexemes: each word as the document's text is analysed (accents removed,
-- French stemming); stop words have none.
CREATE OR REPLACE FUNCTION search_query_lexemes(words text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(l.lexeme ORDER BY w.i, l.lexeme), '{}')
    FROM unnest(words) WITH ORDINALITY w(word, i),
         unnest(tsvector_to_array(to_tsvector('pg_catalog.french', stages_unaccent(w.word)))) l(lexeme)
$$;

-- An entry's relevance for a keyword: the scores of its lexemes that start with one of the
-- keyword's. The same sum as the term index's (search.queries.terms), for searches that
-- match through search_entry.
CREATE OR REPLACE FUNCTION search_score(vector tsvector, lexemes text[]) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(search_lexeme_score(u.weights)), 0)::integer
    FROM unnest(vector) u, unnest(lexemes) q(lexeme)
   WHERE starts_with(u.lexeme, q.lexeme)
$$;

-- Publics as bits: bit i for the i-th of {public_codes} (search.queries.facets.publics_mask).
CREATE OR REPLACE FUNCTION search_publics_mask(publics varchar[]) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(1 << (array_position(ARRAY{public_codes}::varchar[], p) - 1)), 0)::smallint
    FROM (SELECT DISTINCT p FROM unnest(publics) p) d
   WHERE array_position(ARRAY{public_codes}::varchar[], p) IS NOT NULL
$$;

-- The rows of these entries: those with a place left in some period (the others are never
-- live; a change of their period columns writes them again).
CREATE OR REPLACE FUNCTION search_terms_rows(entries search_entry[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO search_term (term, offer_id, score, sector_id, department, publics,
                           published_at, periods_end, periods_max_places)
  SELECT u.lexeme, e.offer_id, search_lexeme_score(u.weights), e.sector_id, e.department,
         search_publics_mask(e.publics), e.published_at, e.periods_end, e.periods_max_places
    FROM unnest(entries) e, unnest(e.search_vector) u
   WHERE e.periods_max_places >= 1 AND e.periods_end IS NOT NULL
$$;

-- Entries written: their rows again when a column the rows copy has changed.
CREATE OR REPLACE FUNCTION search_terms_written() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed search_entry[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM search_terms_rows(ARRAY(SELECT n::search_entry FROM new_entries n));
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM search_term t USING old_entries o WHERE t.offer_id = o.offer_id;
  ELSE
    changed := ARRAY(
      SELECT n::search_entry FROM new_entries n JOIN old_entries o ON o.offer_id = n.offer_id
       WHERE (n.search_vector, n.sector_id, n.department, n.publics, n.published_at,
              n.periods_end, n.periods_max_places)
             IS DISTINCT FROM (o.search_vector, o.sector_id, o.department, o.publics,
                               o.published_at, o.periods_end, o.periods_max_places)
       ORDER BY n.offer_id);
    IF cardinality(changed) > 0 THEN
      DELETE FROM search_term t USING unnest(changed) c WHERE t.offer_id = c.offer_id;
      PERFORM search_terms_rows(changed);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_terms_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE search_term;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER search_terms_inserted
  AFTER INSERT ON search_entry REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_terms_written();
CREATE OR REPLACE TRIGGER search_terms_updated
  AFTER UPDATE ON search_entry REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_terms_written();
CREATE OR REPLACE TRIGGER search_terms_deleted
  AFTER DELETE ON search_entry REFERENCING OLD TABLE AS old_entries
  FOR EACH STATEMENT EXECUTE FUNCTION search_terms_written();
CREATE OR REPLACE TRIGGER search_terms_truncated
  AFTER TRUNCATE ON search_entry
  FOR EACH STATEMENT EXECUTE FUNCTION search_terms_truncated();
