"""Is a keyword known? A table of the words (lexemes) of published offers.

offers_keyword_known (0008) read the full-text GIN index, but a GIN scan is a bitmap: for a
common word it collects every matching offer before saying yes (10-24 ms at 100,000
offers). The words table answers with a prefix lookup in a B-tree. A statement trigger adds
the words of offers published or edited; words are never removed, so a word of a withdrawn
offer stays known (its search gets the widening suggestions, not the typo fallback).
"""

import importlib

from django.db import migrations

_0008 = importlib.import_module("offers.migrations.0008_search_keyword_known")

SQL = """
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

INSERT INTO offers_search_word
SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM offers_offer
 WHERE state = 'published'
ON CONFLICT DO NOTHING;

-- Every word of the text is the prefix of a known word (stop words have no lexeme).
CREATE OR REPLACE FUNCTION offers_words_known(words text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(bool_and(EXISTS (
           SELECT 1 FROM offers_search_word k
            WHERE k.word >= w.lexeme AND k.word < w.lexeme || chr(1114111))), true)
    FROM unnest(tsvector_to_array(to_tsvector('french', stages_unaccent(words)))) w(lexeme)
$$;

DROP FUNCTION IF EXISTS offers_keyword_known(tsquery);
"""

REVERSE = """
DROP FUNCTION IF EXISTS offers_words_known(text);
DROP TRIGGER IF EXISTS offers_search_words_inserted ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_words_updated ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_words_truncated ON offers_offer;
DROP FUNCTION IF EXISTS offers_search_words_truncate();
DROP FUNCTION IF EXISTS offers_search_words_added();
DROP TABLE IF EXISTS offers_search_word;
""" + _0008.SQL


class Migration(migrations.Migration):
    dependencies = [("offers", "0008_search_keyword_known")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
