"""Reads for the offer search: which offers are live, keyword and distance expressions, facets.

The search columns (search_vector, search_text, periods_start, periods_end, periods_max_places) are kept
right by database triggers (offers/migrations/0003_search.py). Every function here returns a
queryset or runs one query: a search page costs the same number of queries whatever it finds.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
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
from django.utils import timezone

from offers.models import Offer, OfferPeriod, Public, State
from reference.models import Commune

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


def ts_query(words: list[str]) -> SearchQuery:
    """Every word, as a French prefix: "boulang" finds "boulangerie", "hopitaux" "hôpital"."""
    raw = " & ".join(f"{word}:*" for word in words)
    return SearchQuery(Unaccent(Value(raw)), search_type="raw", config="french")


def trigram_text(words: list[str]):
    return Func(Unaccent(Value(" ".join(words))), function="lower")


def keyword_filter(queryset, words: list[str], fuzzy: bool):
    if fuzzy:
        return queryset.filter(search_text__trigram_word_similar=trigram_text(words))
    return queryset.filter(search_vector=ts_query(words))


def keyword_rank(words: list[str], fuzzy: bool):
    if fuzzy:
        return TrigramWordSimilarity(trigram_text(words), "search_text")
    # Default weights: A (title) 1.0 > B (description) 0.4 > C (host name) 0.2.
    return SearchRank(F("search_vector"), ts_query(words), cover_density=True)


# --- place ------------------------------------------------------------------------------


class _Earth(Func):
    function = "ll_to_earth"
    output_field = FloatField()  # an `earth`, never read back by Django


class _EarthBox(Func):
    function = "earth_box"
    output_field = FloatField()


class _Contains(Func):
    arg_joiner = " @> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class EarthDistance(Func):
    function = "earth_distance"
    output_field = FloatField()


def _centre(commune: Commune):
    return _Earth(Value(commune.latitude), Value(commune.longitude))


def communes_within(commune: Commune, radius_km: int) -> QuerySet[Commune]:
    """Communes whose centre lies within the radius: the earth_box GiST index, then exact."""
    metres = radius_km * 1000
    point = _Earth(F("latitude"), F("longitude"))
    return Commune.objects.annotate(metres=EarthDistance(_centre(commune), point)).filter(
        _Contains(_EarthBox(_centre(commune), Value(metres)), point), metres__lte=metres
    )


def within_radius(queryset, commune: Commune, radius_km: int):
    return queryset.filter(commune_id__in=communes_within(commune, radius_km).values("insee"))


def distance_to(commune: Commune):
    """Metres between the offer's commune and the searched one."""
    return EarthDistance(_Earth(F("commune__latitude"), F("commune__longitude")), _centre(commune))


# --- periods ----------------------------------------------------------------------------


def _periods():
    return OfferPeriod.objects.filter(offer=OuterRef("pk"), places__gte=1, end__gte=today())


def covering(queryset, start: datetime.date, end: datetime.date):
    """Offers with a period (places left) covering the whole week."""
    return queryset.filter(Exists(_periods().filter(start__lte=start, end__gte=end)))


def overlapping(queryset, start: datetime.date | None, end: datetime.date | None):
    """Offers with a period (places left, not past) meeting the date range."""
    periods = _periods()
    if start:
        periods = periods.filter(end__gte=start)
    if end:
        periods = periods.filter(start__lte=end)
    return queryset.filter(Exists(periods))


def with_places(queryset, places: int):
    """At least `places` places left in one period (periods_max_places narrows through the index)."""
    if places <= 1:
        return queryset
    return queryset.filter(periods_max_places__gte=places).filter(
        Exists(_periods().filter(places__gte=places))
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


def _flag(condition: Q | None):
    return ExpressionWrapper(condition if condition else Q(pk__isnull=False), BooleanField())


def facets(queryset, sectors: list[str], departments: list[str], publics: list[str]) -> Facets:
    """Total and counts per sector, department and public, in one query.

    `queryset` carries every filter but these three. Each facet counts with the other two
    facets' filters applied but not its own, so checking "Doubs" still shows how many offers
    the Jura has (the usual behaviour of faceted search).
    """
    rows = queryset.order_by().values(
        sec=F("sector_id"),
        dep=F("commune__department_id"),
        pub=F("publics"),
        s_ok=_flag(Q(sector_id__in=sectors) if sectors else None),
        d_ok=_flag(Q(commune__department_id__in=departments) if departments else None),
        p_ok=_flag(Q(publics__overlap=publics) if publics else None),
    )
    inner, params = rows.query.sql_with_params()
    public_codes = list(Public.values)
    per_public = ", ".join(
        "count(*) FILTER (WHERE s_ok AND d_ok AND %s = ANY(pub))" for _ in public_codes
    )
    sql = f"""
        SELECT GROUPING(sec, dep), sec, dep,
               count(*) FILTER (WHERE d_ok AND p_ok),
               count(*) FILTER (WHERE s_ok AND p_ok),
               count(*) FILTER (WHERE s_ok AND d_ok AND p_ok),
               {per_public}
          FROM ({inner}) AS f
         GROUP BY GROUPING SETS ((sec), (dep), ())
    """
    result = Facets()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*public_codes, *params])
        for grouping, sec, dep, by_sector, by_department, total, *by_public in cursor.fetchall():
            if grouping == 1:  # grouped by sector
                if by_sector:
                    result.sectors[sec] = by_sector
            elif grouping == 2:  # grouped by department
                if by_department:
                    result.departments[dep] = by_department
            else:
                result.total = total
                result.publics = dict(zip(public_codes, by_public, strict=True))
    return result
