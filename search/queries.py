"""Reads for the offer search: which offers are live, keyword and distance expressions, facets.

The search columns (search_vector, search_text, periods_start, periods_end, periods_max_places) are kept
right by database triggers (offers/migrations/0003_search.py). Every function here returns a
queryset or runs one query: a search page costs the same number of queries whatever it finds.
"""

import datetime
import functools
import math
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from offers.models import Offer, OfferPeriod, Public, State
from placements.models import HOLDING_STATES, Application
from reference.models import Commune
from reference.periods import friday_of

from . import cache as search_cache

MAX_WORDS = 8
MAX_WORD_LENGTH = 40
WORD = re.compile(r"[^\W_]+")


def today() -> datetime.date:
    return timezone.localdate()


def live_offers() -> QuerySet[Offer]:
    """Published offers with a period that is not past and has places left."""
    return Offer.objects.filter(
        state=State.PUBLISHED, periods_end__gte=today(), periods_max_places__gte=1
    )


# --- keyword ---------------------------------------------------------------------------


def keyword_words(text: str) -> list[str]:
    """The words of a keyword, lower-case; SQL, quotes and operators are just dropped."""
    words = [w[:MAX_WORD_LENGTH] for w in WORD.findall((text or "").lower())]
    return words[:MAX_WORDS]


class Unaccent(Func):
    function = "stages_unaccent"  # IMMUTABLE wrapper created by offers 0003_search


def _raw_query(words: list[str]) -> str:
    return " & ".join(f"{word}:*" for word in words)


def ts_query(words: list[str]) -> SearchQuery:
    """Every word, as a French prefix: "boulang" finds "boulangerie", "hopitaux" "hôpital"."""
    return SearchQuery(Unaccent(Value(_raw_query(words))), search_type="raw", config="french")


def trigram_text(words: list[str]):
    return Func(Unaccent(Value(" ".join(words))), function="lower")


def keyword_filter(queryset, words: list[str], fuzzy: bool):
    if fuzzy:
        return queryset.filter(search_text__trigram_word_similar=trigram_text(words))
    return queryset.filter(search_vector=ts_query(words))


def known_anywhere(words: list[str]) -> bool:
    """Is each word the start of a word of some published offer? (The words table of
    offers migration 0009: a B-tree lookup per word.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT offers_words_known(%s)", [" ".join(words)])
        return cursor.fetchone()[0]


def keyword_rank(words: list[str], fuzzy: bool):
    if fuzzy:
        return TrigramWordSimilarity(trigram_text(words), "search_text")
    # Default weights: A (title) 1.0 > B (description) 0.4 > C (host name) 0.2.
    return SearchRank(F("search_vector"), ts_query(words), cover_density=True)


# --- place ------------------------------------------------------------------------------

EARTH_RADIUS_M = 6378168  # earthdistance's sphere, as before: same distances
KM_PER_DEGREE = 110.0  # a little under the true 111.2: the box is never too small


class _EqualsAny(Func):
    """a = ANY(b), as a boolean filter."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


class _DistanceOf(Func):
    """The row commune's distance in a {insee: metres} JSON object."""

    arg_joiner = " ->> "
    template = "((%(expressions)s)::float8)"
    output_field = FloatField()


class _GreatCircleM(Func):
    """Haversine distance (m) from a point to the row's latitude/longitude, in plain
    arithmetic (ll_to_earth per row costs 10 µs: 15 ms for a 50 km circle). Written as one
    SQL template: the same tree of Django math functions costs milliseconds to resolve."""

    output_field = FloatField()

    def __init__(self, latitude: float, longitude: float):
        super().__init__(F("latitude"), F("longitude"))
        self.lat0, self.lon0 = math.radians(latitude), math.radians(longitude)

    def as_sql(self, compiler, connection, **extra):
        lat, lat_params = compiler.compile(self.source_expressions[0])
        lon, lon_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"(%s * asin(sqrt(power(sin((radians({lat}) - %s) / 2), 2)"
            f" + %s * cos(radians({lat})) * power(sin((radians({lon}) - %s) / 2), 2))))"
        )
        params = [2 * EARTH_RADIUS_M, *lat_params, self.lat0, math.cos(self.lat0)]
        return sql, [*params, *lat_params, *lon_params, self.lon0]


def communes_within(commune: Commune, radius_km: int) -> QuerySet[Commune]:
    """Communes whose centre lies within the radius, nearest first: a latitude/longitude box,
    then the exact great circle, over the region's 3,685 communes."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = dlat / max(0.1, math.cos(math.radians(abs(commune.latitude) + dlat)))
    return (
        Commune.objects.filter(
            latitude__range=(commune.latitude - dlat, commune.latitude + dlat),
            longitude__range=(commune.longitude - dlon, commune.longitude + dlon),
        )
        .annotate(metres=_GreatCircleM(commune.latitude, commune.longitude))
        .filter(metres__lte=radius_km * 1000)
        .order_by("metres", "insee")
    )


@functools.lru_cache(maxsize=1024)
def _circle_sql(latitude: float, longitude: float, radius_km: int) -> tuple[str, tuple]:
    """The SQL of communes_within (insee, metres), compiled once per place and radius: both
    the filter and the distance sort read it."""
    commune = Commune(latitude=latitude, longitude=longitude)
    query = communes_within(commune, radius_km).values("insee", "metres").query
    sql, params = query.sql_with_params()
    return sql, tuple(params)


def _circle(commune: Commune, radius_km: int, select: str) -> RawSQL:
    # Uncorrelated: PostgreSQL computes it once per query (an InitPlan).
    sql, params = _circle_sql(commune.latitude, commune.longitude, radius_km)
    return RawSQL(f"SELECT {select} FROM ({sql}) c", params)


def within_radius(queryset, commune: Commune, radius_km: int):
    """The offers of the communes inside the circle: an offer's place is its commune's
    (offers 0004), so this is the exact circle. The covering index offer_commune_live
    (offers 0011) answers it, the other filters, the facet counts and the distance sort
    with an index-only scan."""
    insee = Func(
        _circle(commune, radius_km, "c.insee"), function="ARRAY", template="ARRAY%(expressions)s"
    )
    return queryset.filter(_EqualsAny(F("commune_id"), insee))


def nearest_first(commune: Commune, radius_km: int):
    """Sort key: the offer's commune's distance, looked up in a {insee: metres} object built
    once per query (an InitPlan). A key lookup per offer, where array_position walked the
    whole commune list: 15 ms for 1,400 offers in a 50 km circle."""
    metres = _circle(commune, radius_km, "jsonb_object_agg(c.insee, c.metres)")
    return _DistanceOf(metres, F("commune_id"))


def distance_km(offer, commune: Commune) -> float:
    """Great-circle distance, for the 20 offers of a page (same sphere as the SQL)."""
    lat1, lon1 = math.radians(offer.place_latitude), math.radians(offer.place_longitude)
    lat2, lon2 = math.radians(commune.latitude), math.radians(commune.longitude)
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a))) / 1000


# --- periods ----------------------------------------------------------------------------


def _periods():
    """The offer's periods not yet over with a place left: places minus accepted and
    confirmed pupils, as offers_period_places_left() counts them for the period summary
    (placements migration 0002), here inline, planned once rather than per call."""
    taken = (
        Application.objects.filter(period=OuterRef("pk"), state__in=HOLDING_STATES)
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return OfferPeriod.objects.annotate(left=F("places") - Coalesce(Subquery(taken), 0)).filter(
        offer=OuterRef("pk"), end__gte=today(), places__gte=1, left__gte=1
    )


def covering(queryset, *mondays: datetime.date):
    """Offers with places for each of these weeks (Monday to Friday), each wholly inside one
    period: the trigger-kept `periods_weeks` (offers 0007), an index condition. A week
    already over has no live period."""
    if any(friday_of(monday) < today() for monday in mondays):
        return queryset.none()
    return queryset.filter(periods_weeks__contains=list(mondays))


def overlapping(queryset, start: datetime.date | None, end: datetime.date | None):
    """Offers with a period (places left, not past) meeting the date range."""
    periods = _periods()
    if start:
        periods = periods.filter(end__gte=start)
    if end:
        periods = periods.filter(start__lte=end)
    return queryset.filter(Exists(periods))


def with_places(queryset, places: int):
    """At least `places` places left in one period not yet over.

    periods_max_places is the most places left in any period, over or not: exact when no
    period has begun (periods_start, in the covering index), so only offers with a period
    already begun are probed in the periods."""
    if places <= 1:
        return queryset
    return queryset.filter(periods_max_places__gte=places).filter(
        Q(periods_start__gte=today())
        | Exists(_periods().filter(places__gte=places, left__gte=places))
    )


def next_start():
    """The first day of the next period: periods_start, unless that period has already begun."""
    return Case(
        When(periods_start__gte=today(), then=F("periods_start")),
        default=Subquery(
            _periods().order_by().values("offer").annotate(m=Min("start")).values("m")
        ),
    )


# --- facets -----------------------------------------------------------------------------


@dataclass
class Facets:
    total: int = 0
    sectors: dict[str, int] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)
    publics: dict[str, int] = field(default_factory=dict)
    page_ids: list[int] | None = None  # when asked for (`page`), in order


@dataclass
class PageSlice:
    """The ids of one page of matches: sort keys (expression, descending) and the slice."""

    keys: list[tuple]
    offset: int
    limit: int

    def ordering(self):
        return [key.desc() if descending else key.asc() for key, descending in self.keys]


def facets(
    queryset,
    sectors: list[str],
    departments: list[str],
    publics: list[str],
    *,
    every_live=False,
    page: PageSlice | None = None,
) -> Facets:
    """Total and counts per sector, department and public, from one query.

    `queryset` carries every filter but these three. Each facet is counted with the other
    two facets' selections applied but not its own, so checking "Doubs" still shows how many
    offers the Jura has: one pass over the matches, grouped by sector, by department and by
    publics (GROUPING SETS), each with its own FILTER; about seventy rows come back.

    `every_live`: no filter but the facets, so the matches are every live offer; they are
    then read from offers_search_facets_live() (offers migrations 0005 and 0010: today's
    counts per sector, department and publics, kept by triggers), a few thousand rows
    instead of the whole table.

    `page`: the page's ids come back too, sorted and sliced from the same matches (a
    materialised CTE read twice), so that the offers are read once: for a common keyword
    that is 5,000 heap pages a query. Not with `every_live`, where an index gives them.
    """
    page = None if every_live else page
    if every_live:
        source = "SELECT sector_id, department, publics, n FROM offers_search_facets_live(%s)"
        source_params = [today()]
    else:
        keys = {f"k{i}": key for i, (key, _) in enumerate(page.keys)} if page else {}
        ids = ["id", *keys] if page else []
        source, source_params = (
            queryset.order_by()
            .annotate(n=Value(1), **keys)
            .values_list("sector_id", "place_department", "publics", "n", *ids)
            .query.sql_with_params()
        )
    s_ok = "m.s = ANY(%s)" if sectors else "TRUE"
    d_ok = "m.d = ANY(%s)" if departments else "TRUE"
    p_ok = "m.p && %s::varchar(10)[]" if publics else "TRUE"
    conditions = {
        s_ok: [list(sectors)] if sectors else [],
        d_ok: [list(departments)] if departments else [],
        p_ok: [list(publics)] if publics else [],
    }
    sums = [(d_ok, p_ok), (s_ok, p_ok), (s_ok, d_ok), (s_ok, d_ok, p_ok)]
    columns, params = [], []
    for parts in sums:
        columns.append(f"sum(m.n) FILTER (WHERE {' AND '.join(parts)})")
        for part in parts:
            params.extend(conditions[part])
    if page:
        order = ", ".join(
            f"m.k{i} {'DESC' if descending else 'ASC'}"
            for i, (_, descending) in enumerate(page.keys)
        )
        columns.append(
            f"(SELECT array_agg(t.id) FROM (SELECT m.id FROM m WHERE {s_ok} AND {d_ok} AND {p_ok}"
            f" ORDER BY {order} LIMIT %s OFFSET %s) t)"
        )
        params.extend([*conditions[s_ok], *conditions[d_ok], *conditions[p_ok]])
        params.extend([page.limit, page.offset])
    else:
        columns.append("NULL")
    # With a page, the matches are read twice (counts, page): materialised once.
    source_as = "m" if page else f"({source}) m (s, d, p, n)"
    sql = (
        f"SELECT GROUPING(m.s), GROUPING(m.d), GROUPING(m.p), m.s, m.d, m.p, {', '.join(columns)}"
        f" FROM {source_as} GROUP BY GROUPING SETS ((m.s), (m.d), (m.p), ())"
    )
    if page:
        sql = f"WITH m ({', '.join(['s', 'd', 'p', 'n', *ids])}) AS MATERIALIZED ({source}) {sql}"
        params = [*source_params, *params]
    else:
        params = [*params, *source_params]
    timeout = search_cache.timeout()
    rows = None
    if timeout:
        cache_key = search_cache.key("facets", sql, repr(params))
        rows = cache.get(cache_key)
    if rows is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if timeout:
            cache.set(cache_key, rows, timeout)
    result = Facets(publics=dict.fromkeys(Public.values, 0))
    for no_s, no_d, no_p, sector, department, codes, by_s, by_d, by_p, total, ids in rows:
        if not no_s and no_d and no_p:
            if by_s:
                result.sectors[sector] = int(by_s)
        elif no_s and not no_d and no_p:
            if by_d:
                result.departments[department] = int(by_d)
        elif no_s and no_d and not no_p:
            for code in codes:
                if code in result.publics and by_p:
                    result.publics[code] += int(by_p)
        else:
            result.total = int(total or 0)
            if page:
                result.page_ids = list(ids or [])
    return result
