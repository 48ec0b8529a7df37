"""search_entry, the search's own table (search.models), and the tables derived from it;
the triggers of search/sql/read_model.sql keep them right from now on.

The entries are filled from offers_offer's search columns by 0002, which then builds the
indexes; 0003 drops those columns. Nothing here holds a lock for long: the table is new
and empty, and creating the triggers on offers, periods, hosts and applications is a
catalogue change.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from search import sql

TABLES = """
CREATE TABLE search_facet_count (
  sector_id varchar(4) NOT NULL,
  department varchar(3) NOT NULL,
  publics varchar(10)[] NOT NULL,
  periods_end date NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (sector_id, department, publics, periods_end)
);
CREATE INDEX search_facet_count_empty ON search_facet_count (sector_id) WHERE n <= 0;
CREATE TABLE search_facet_live (
  sector_id varchar(4) NOT NULL,
  department varchar(3) NOT NULL,
  publics varchar(10)[] NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (sector_id, department, publics)
);
CREATE TABLE search_facet_live_day (day date NOT NULL);
INSERT INTO search_facet_live_day VALUES ('-infinity');
CREATE TABLE search_word (word text COLLATE "C" PRIMARY KEY);
"""

TABLES_REMOVED = """
DROP TABLE search_word;
DROP TABLE search_facet_live_day;
DROP TABLE search_facet_live;
DROP TABLE search_facet_count;
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("offers", "0011_search_commune_covering_keys"),
        ("organisations", "0001_initial"),
        ("placements", "0002_places_left_in_search"),
        ("reference", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('offer', models.OneToOneField(on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='search_entry', serialize=False, to='offers.offer')),
                ('publics', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=10))),
                ('accessible', models.BooleanField()),
                ('published_at', models.DateTimeField(null=True)),
                ('department', models.CharField(max_length=3)),
                ('host_type', models.CharField(max_length=16)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField()),
                ('search_text', models.TextField()),
                ('periods_start', models.DateField(null=True)),
                ('periods_end', models.DateField(null=True)),
                ('periods_max_places', models.SmallIntegerField(null=True)),
                ('periods_weeks', django.contrib.postgres.fields.ArrayField(base_field=models.DateField())),
                ('commune', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.commune')),
                ('sector', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.sector')),
            ],
            options={
                'verbose_name': 'fiche de recherche',
                'db_table': 'search_entry',
            },
        ),
        # CREATE TRIGGER locks four busy tables in turn: give up rather than queue writes.
        migrations.RunSQL("SET LOCAL lock_timeout = '5s';" + TABLES, TABLES_REMOVED),
        migrations.RunSQL(sql.read_model(), sql.read_model_removed()),
    ]
