-- Reverse of read_model.sql: every search trigger and function (the tables are dropped by
-- the migrations that created them).
DROP TRIGGER IF EXISTS search_facet_live_delta ON search_facet_count;
DROP TRIGGER IF EXISTS search_entries_truncated ON search_entry;
DROP TRIGGER IF EXISTS search_words_updated ON search_entry;
DROP TRIGGER IF EXISTS search_words_inserted ON search_entry;
DROP TRIGGER IF EXISTS search_facet_deleted ON search_entry;
DROP TRIGGER IF EXISTS search_facet_updated ON search_entry;
DROP TRIGGER IF EXISTS search_facet_inserted ON search_entry;
DROP TRIGGER IF EXISTS search_application_moved ON placements_application;
DROP TRIGGER IF EXISTS search_application_freed ON placements_application;
DROP TRIGGER IF EXISTS search_application_taken ON placements_application;
DROP TRIGGER IF EXISTS search_host_changed ON organisations_organisation;
DROP TRIGGER IF EXISTS search_periods_deleted ON offers_offerperiod;
DROP TRIGGER IF EXISTS search_periods_updated ON offers_offerperiod;
DROP TRIGGER IF EXISTS search_periods_inserted ON offers_offerperiod;
DROP TRIGGER IF EXISTS search_offers_deleted ON offers_offer;
DROP TRIGGER IF EXISTS search_offers_updated ON offers_offer;
DROP TRIGGER IF EXISTS search_offers_inserted ON offers_offer;
DROP FUNCTION IF EXISTS search_entries_truncated();
DROP FUNCTION IF EXISTS search_words_known(text);
DROP FUNCTION IF EXISTS search_words_added();
DROP FUNCTION IF EXISTS search_facets_live(date);
DROP FUNCTION IF EXISTS search_facet_live_delta();
DROP FUNCTION IF EXISTS search_facet_delta();
DROP FUNCTION IF EXISTS search_application_places();
DROP FUNCTION IF EXISTS search_host_changed();
DROP FUNCTION IF EXISTS search_periods_written();
DROP FUNCTION IF EXISTS search_offers_written();
DROP FUNCTION IF EXISTS search_entry_periods(bigint[]);
DROP FUNCTION IF EXISTS search_entry_build(bigint[]);
DROP FUNCTION IF EXISTS search_period_summary(bigint);
DROP FUNCTION IF EXISTS search_weeks_covered(date, date);
DROP FUNCTION IF EXISTS search_places_left(bigint, integer);
DROP FUNCTION IF EXISTS search_vector(text, text, text);
-- stages_unaccent stays: offers 0003 created it, and its reverse drops it.
