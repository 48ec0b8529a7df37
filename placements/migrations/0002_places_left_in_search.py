"""The search counts places left: a period's places minus its accepted and confirmed
applications (HOLDING_STATES), not its places.

offers_period_places_left() is the one SQL definition. The period summary the search reads
(offers 0003, 0007: periods_start/_end/_max_places, periods_weeks) now keeps only periods
with a place left, and an application entering or leaving a holding state refreshes its
offer's summary. The offers functions are those of offers 0007 with `places` replaced, so
they are rewritten here, where applications are known.
"""

import importlib

from django.db import migrations

_0007 = importlib.import_module("offers.migrations.0007_search_weeks_host_type")
_SUMMARY = _0007.FUNCTIONS[
    _0007.FUNCTIONS.index("CREATE OR REPLACE FUNCTION offers_weeks_of") : _0007.FUNCTIONS.index(
        "DROP TRIGGER IF EXISTS offers_host_renamed"
    )
]
_LEFT = "offers_period_places_left(p.id, p.places)"
_NET = _SUMMARY.replace("p.places > 0", f"{_LEFT} > 0").replace(
    "max(p.places)", f"max({_LEFT})"
)
assert _NET.count(_LEFT) == 5, "offers 0007's summary functions changed: update this migration"

HOLDING = "('accepted', 'confirmed')"  # placements.models.HOLDING_STATES (a test compares)

SQL = f"""
CREATE OR REPLACE FUNCTION offers_period_places_left(period bigint, places integer)
RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT places - count(*)::integer FROM placements_application a
   WHERE a.period_id = period AND a.state IN {HOLDING}
$$;
{_NET}
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
{_SUMMARY}
DROP FUNCTION IF EXISTS offers_period_places_left(bigint, integer);
SELECT offers_refresh_period_summary(ARRAY(
  SELECT DISTINCT offer_id FROM placements_application WHERE state IN {HOLDING}));
"""


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial"), ("offers", "0008_search_keyword_known")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
