-- Reverse of terms.sql: the term index's triggers and functions (its table is dropped by
-- search/migrations/0005).
DROP TRIGGER IF EXISTS search_terms_truncated ON search_entry;
DROP TRIGGER IF EXISTS search_terms_deleted ON search_entry;
DROP TRIGGER IF EXISTS search_terms_updated ON search_entry;
DROP TRIGGER IF EXISTS search_terms_inserted ON search_entry;
DROP FUNCTION IF EXISTS search_terms_truncated();
DROP FUNCTION IF EXISTS search_terms_written();
DROP FUNCTION IF EXISTS search_terms_rows(search_entry[]);
DROP FUNCTION IF EXISTS search_publics_mask(varchar[]);
DROP FUNCTION IF EXISTS search_score(tsvector, text[]);
DROP FUNCTION IF EXISTS search_query_lexemes(text[]);
DROP FUNCTION IF EXISTS search_lexeme_score(text[]);
