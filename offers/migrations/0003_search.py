"""Search columns on offers, kept right by the database itself.

`seed_demo` and the national sync insert offers in bulk, so nothing here relies on Python
code: triggers fill the columns on every insert and update, whoever writes.

- `stages_unaccent(text)`: an IMMUTABLE wrapper of unaccent (unaccent itself is only STABLE,
  because its dictionary could change), usable in indexed and generated expressions;
- `offers_search_vector(title, description, host)`: the weighted French tsvector;
- trigger on offers_offer: search_vector, search_text, and the period summary (periods_start,
  periods_end, periods_max_places) recomputed on each insert/update;
- statement triggers on offers_offerperiod: refresh the summary of the offers whose periods
  changed (one UPDATE per statement, so bulk inserts stay fast);
- trigger on organisations_organisation: a renamed host re-indexes its offers;
- a GiST index on the communes' earth coordinates (earthdistance), for radius searches.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION stages_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE OR REPLACE FUNCTION offers_search_vector(title text, description text, host text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(title, ''))), 'A')
      || setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(description, ''))), 'B')
      || setweight(to_tsvector('pg_catalog.french', stages_unaccent(coalesce(host, ''))), 'C')
$$;

-- Every insert and update of an offer: search columns when their sources change (or were
-- cleared to ask for it), and the period summary, always read from the periods table.
CREATE OR REPLACE FUNCTION offers_offer_search_columns() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  host text;
BEGIN
  IF TG_OP = 'INSERT'
     OR NEW.search_vector IS NULL
     OR NEW.title IS DISTINCT FROM OLD.title
     OR NEW.description IS DISTINCT FROM OLD.description
     OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id THEN
    SELECT name INTO host FROM organisations_organisation WHERE id = NEW.organisation_id;
    NEW.search_vector := offers_search_vector(NEW.title, NEW.description, host);
    NEW.search_text := lower(stages_unaccent(NEW.title || ' ' || coalesce(host, '')));
  ELSE
    -- Django writes back whatever it loaded: keep what the database computed.
    NEW.search_vector := OLD.search_vector;
    NEW.search_text := OLD.search_text;
  END IF;
  SELECT min(p.start), max(p."end"), max(p.places)
    INTO NEW.periods_start, NEW.periods_end, NEW.periods_max_places
    FROM offers_offerperiod p
   WHERE p.offer_id = NEW.id AND p.places > 0;
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION offers_refresh_period_summary(ids bigint[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE offers_offer o
     SET periods_start = s.periods_start, periods_end = s.periods_end, periods_max_places = s.periods_max_places
    FROM (
      SELECT i.id, min(p.start) AS periods_start, max(p."end") AS periods_end,
             max(p.places) AS periods_max_places
        FROM unnest(ids) AS i(id)
        LEFT JOIN offers_offerperiod p ON p.offer_id = i.id AND p.places > 0
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
"""

TRIGGERS = r"""
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
  AFTER UPDATE OF name ON organisations_organisation
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION offers_host_renamed();

-- Existing offers: the trigger fills everything.
UPDATE offers_offer SET search_vector = NULL;

CREATE INDEX IF NOT EXISTS search_commune_earth
  ON reference_commune USING gist (ll_to_earth(latitude, longitude));
"""

DROP_TRIGGERS = """
DROP INDEX IF EXISTS search_commune_earth;
DROP TRIGGER IF EXISTS offers_host_renamed ON organisations_organisation;
DROP TRIGGER IF EXISTS offers_period_deleted ON offers_offerperiod;
DROP TRIGGER IF EXISTS offers_period_updated ON offers_offerperiod;
DROP TRIGGER IF EXISTS offers_period_inserted ON offers_offerperiod;
DROP TRIGGER IF EXISTS offers_offer_search_columns ON offers_offer;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS offers_host_renamed();
DROP FUNCTION IF EXISTS offers_period_changed();
DROP FUNCTION IF EXISTS offers_refresh_period_summary(bigint[]);
DROP FUNCTION IF EXISTS offers_offer_search_columns();
DROP FUNCTION IF EXISTS offers_search_vector(text, text, text);
DROP FUNCTION IF EXISTS stages_unaccent(text);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_initial"),
        ("organisations", "0001_initial"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="offer",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="offer",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="offer",
            name="periods_start",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="offer",
            name="periods_end",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="offer",
            name="periods_max_places",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        migrations.AddIndex(
            model_name="offer",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("state", "published")),
                fields=["search_vector"],
                name="offer_search_vector",
            ),
        ),
        migrations.AddIndex(
            model_name="offer",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("state", "published")),
                fields=["search_text"],
                name="offer_search_text_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                condition=models.Q(("state", "published")),
                fields=["-published_at", "-id"],
                name="offer_published_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="offer",
            index=models.Index(
                condition=models.Q(("state", "published")),
                fields=["periods_end"],
                include=(
                    "sector",
                    "commune",
                    "organisation",
                    "publics",
                    "accessible",
                    "periods_max_places",
                    "periods_start",
                    "published_at",
                ),
                name="offer_published_live",
            ),
        ),
    ]
