"""The search columns and indexes leave the offer model: they are search's now
(search.models.SearchEntry). The database work, which must keep existing data and not lock
out writes, is done by search migrations 0001 to 0004; this records it in Django's state.
"""

from django.db import migrations

INDEXES = [
    "offer_search_vector",
    "offer_search_text_trgm",
    "offer_published_newest",
    "offer_department_newest",
    "offer_published_facets",
    "offer_weeks",
]
FIELDS = [
    "search_vector",
    "search_text",
    "periods_start",
    "periods_end",
    "periods_max_places",
    "periods_weeks",
    "place_latitude",
    "place_longitude",
    "place_department",
    "host_type",
]


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0011_search_commune_covering_keys"),
        ("search", "0004_offer_search_columns_dropped"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                *(migrations.RemoveIndex(model_name="offer", name=name) for name in INDEXES),
                *(migrations.RemoveField(model_name="offer", name=name) for name in FIELDS),
            ]
        )
    ]
