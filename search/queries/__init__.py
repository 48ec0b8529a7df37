"""Reads for the offer search, over search_entry (search.models): which entries are live,
and the SQL builders of each concern: keyword, geography, periods, facets, and the
keyword's term index.

Every function returns a queryset or runs one query: a search page costs the same number of
queries whatever it finds.
"""

from .by_commune import per_commune
from .facets import Facets, PageSlice, facets
from .geography import (
    EARTH_RADIUS_M,
    commune_distance_km,
    communes_within,
    distance_km,
    nearest_first,
    within_radius,
)
from .keyword import (
    MAX_WORDS,
    WORD,
    keyword_filter,
    keyword_rank,
    keyword_words,
    known_anywhere,
)
from .live import live_entries, today
from .periods import covering, next_start, overlapping, with_places
from .terms import keyword_facets

__all__ = [
    "EARTH_RADIUS_M",
    "MAX_WORDS",
    "WORD",
    "Facets",
    "PageSlice",
    "commune_distance_km",
    "communes_within",
    "covering",
    "distance_km",
    "facets",
    "keyword_facets",
    "keyword_filter",
    "keyword_rank",
    "keyword_words",
    "known_anywhere",
    "live_entries",
    "nearest_first",
    "next_start",
    "overlapping",
    "per_commune",
    "today",
    "with_places",
    "within_radius",
]
