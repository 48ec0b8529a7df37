"""offers_offer goes back to being the offer: its search columns, their triggers and
functions, and the old counts and words tables are dropped (offers 0012 records it in
Django's state).

One transaction of catalogue changes (dropping a column only marks it dropped): the lock on
offers_offer is held for milliseconds once granted; lock_timeout makes the migration fail,
to be run again, rather than queue every write behind a long-running read.
The reverse restores the columns and the triggers as offers 0011 and placements 0002 left
them (0004_offer_search_columns_restored.sql, beside this file: SQL of the
old migrations, kept for this reverse only); reversing 0003 then fills them.
"""

from pathlib import Path

from django.db import migrations

from offers.places import holding_states_sql

RESTORED = (
    (Path(__file__).parent / "0004_offer_search_columns_restored.sql")
    .read_text()
    .replace("{holding_states}", holding_states_sql())
)

DROP = """
SET LOCAL lock_timeout = '5s';
DROP TRIGGER IF EXISTS offers_offer_search_columns ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_facet_inserted ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_facet_updated ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_facet_deleted ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_facet_truncated ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_words_inserted ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_words_updated ON offers_offer;
DROP TRIGGER IF EXISTS offers_search_words_truncated ON offers_offer;
DROP TRIGGER IF EXISTS offers_period_inserted ON offers_offerperiod;
DROP TRIGGER IF EXISTS offers_period_updated ON offers_offerperiod;
DROP TRIGGER IF EXISTS offers_period_deleted ON offers_offerperiod;
DROP TRIGGER IF EXISTS offers_host_renamed ON organisations_organisation;
DROP TRIGGER IF EXISTS placements_application_taken ON placements_application;
DROP TRIGGER IF EXISTS placements_application_freed ON placements_application;
DROP TRIGGER IF EXISTS placements_application_moved ON placements_application;
DROP TABLE IF EXISTS offers_search_facet_live_day;
DROP TABLE IF EXISTS offers_search_facet_live;
DROP TABLE IF EXISTS offers_search_facet_count;
DROP TABLE IF EXISTS offers_search_word;
DROP FUNCTION IF EXISTS offers_search_facets_live(date);
DROP FUNCTION IF EXISTS offers_search_facet_live_delta();
DROP FUNCTION IF EXISTS offers_search_facet_truncate();
DROP FUNCTION IF EXISTS offers_search_facet_delta();
DROP FUNCTION IF EXISTS offers_words_known(text);
DROP FUNCTION IF EXISTS offers_search_words_truncate();
DROP FUNCTION IF EXISTS offers_search_words_added();
DROP FUNCTION IF EXISTS placements_application_places();
DROP FUNCTION IF EXISTS offers_host_renamed();
DROP FUNCTION IF EXISTS offers_period_changed();
DROP FUNCTION IF EXISTS offers_refresh_period_summary(bigint[]);
DROP FUNCTION IF EXISTS offers_offer_search_columns();
DROP FUNCTION IF EXISTS offers_weeks_of(bigint);
DROP FUNCTION IF EXISTS offers_period_places_left(bigint, integer);
DROP FUNCTION IF EXISTS offers_weeks_covered(date, date);
DROP FUNCTION IF EXISTS offers_search_vector(text, text, text);
ALTER TABLE offers_offer
  DROP COLUMN search_vector, DROP COLUMN search_text, DROP COLUMN periods_start,
  DROP COLUMN periods_end, DROP COLUMN periods_max_places, DROP COLUMN periods_weeks,
  DROP COLUMN place_latitude, DROP COLUMN place_longitude, DROP COLUMN place_department,
  DROP COLUMN host_type;
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0003_offer_search_indexes_dropped")]

    operations = [migrations.RunSQL(DROP, RESTORED)]
