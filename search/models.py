"""The search's read model: one row per published offer, with what the search reads.

Kept by the database (search/sql/read_model.sql), never written by Python code: bulk
inserts (seed_demo, the national sync) and raw updates keep it right too. One row per
*published* offer rather than per offer: the search never reads another state, so the row
needs no state, its indexes no `WHERE state = 'published'`, and the table holds only what
is searched. Whether a published offer is live (a period not over, a place left) depends
on the day, so that stays a filter (`queries.live_entries`).

Derived tables, also kept by triggers and read through SQL functions (not Django models:
test flushes truncate Django's tables, and `search_facet_live_day` must keep its row):
`search_facet_count` and `search_facet_live` (facet counts of the unfiltered search), and
`search_word` (the words of published offers, for typo detection).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from offers.models import Offer


class SearchEntry(models.Model):
    # Removed with its offer by the triggers (Django's DB_CASCADE cannot follow Offer's
    # Python-level cascades); the foreign key checks it at commit.
    offer = models.OneToOneField(
        Offer, primary_key=True, on_delete=models.DO_NOTHING, related_name="search_entry"
    )
    # Copies of the offer's, for filters and facets (no join).
    commune = models.ForeignKey(
        "reference.Commune",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    sector = models.ForeignKey(
        "reference.Sector",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    publics = ArrayField(models.CharField(max_length=10))
    accessible = models.BooleanField()
    published_at = models.DateTimeField(null=True)
    # The commune's department and the host's type, copied: no join either.
    department = models.CharField(max_length=3)
    host_type = models.CharField(max_length=16)
    # Weighted French full text: title (A), description (B), host name (C), accents removed.
    search_vector = SearchVectorField()
    # Accent-free, lower-case title and host name, for the trigram (typo) fallback.
    search_text = models.TextField()
    # Over the periods with a place left (offers.places), ended ones included: first start,
    # last end, most places left in one, Mondays of the weeks (Monday to Friday) they cover.
    periods_start = models.DateField(null=True)
    periods_end = models.DateField(null=True)
    periods_max_places = models.SmallIntegerField(null=True)
    periods_weeks = ArrayField(models.DateField())

    class Meta:
        db_table = "search_entry"
        verbose_name = "fiche de recherche"
        indexes = [
            GinIndex(name="search_entry_vector", fields=["search_vector"]),
            GinIndex(name="search_entry_text", fields=["search_text"], opclasses=["gin_trgm_ops"]),
            GinIndex(name="search_entry_weeks", fields=["periods_weeks"]),
            models.Index(name="search_entry_newest", fields=["-published_at", "-offer"]),
            models.Index(
                name="search_entry_department",
                fields=["department", "-published_at", "-offer"],
            ),
            # Counts and facets of searches without a place: index-only scans.
            models.Index(
                name="search_entry_facets",
                fields=["periods_end"],
                include=["sector", "department", "publics", "periods_max_places"],
            ),
            # Place searches: the circle's communes, then every other filter, the facet
            # counts and the sorts from this index alone ("accessible" and "host type" as
            # keys, so that they are index conditions).
            models.Index(
                name="search_entry_commune",
                fields=["commune", "accessible", "host_type"],
                include=[
                    "offer",
                    "periods_start",
                    "periods_end",
                    "periods_max_places",
                    "sector",
                    "department",
                    "publics",
                    "published_at",
                    "periods_weeks",
                ],
            ),
        ]

    def __str__(self):
        return f"search entry of offer {self.offer_id}"
