"""One search as data: the matches of a `SearchParams`, their facets, the sort, the page and
its cards (presenters.py turns them into links, notices and options).

Queries per search, whatever is found: facets and total with the page's ids (1), its cards
(1), their periods (1); parsing the parameters costs the commune (1 with a place; the
department and sector choices are kept in the process, reference/choices.py). A keyword that finds nothing costs one more (is it known
anywhere?), and a second when it is not (the same search with trigrams).
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from offers import selectors as offer_selectors
from offers.models import Offer, OfferPeriod
from organisations.models import Organisation
from reference.models import Commune

from . import queries, sorts
from .filters import SearchParams, Sort

PER_PAGE = 20

HOST_TYPES = dict(Organisation.HostType.choices)
# Facets: filtered by themselves only in the result list, not in their own counts.
FACETS = ("departement", "secteur", "public")


@dataclass(frozen=True)
class CardPeriod:
    start: datetime.date
    end: datetime.date
    places_left: int


@dataclass(frozen=True)
class Card:
    """What a result card shows."""

    id: int
    title: str
    host_name: str
    host_type: str
    commune: str
    department: str
    distance_km: int | None
    sector: str
    periods: list[CardPeriod]
    publics: list[str]  # codes: the template shows their labels (public_labels)
    accessible: bool
    priorities: list[str] = field(default_factory=list)  # "REP", "QPV": set by Region staff


def _card(offer: Offer, place: Commune | None) -> Card:
    host = offer.organisation
    return Card(
        id=offer.pk,
        title=offer.title,
        host_name=host.name,
        host_type=HOST_TYPES.get(host.host_type, host.host_type),
        commune=offer.commune.name,
        department=offer.commune.department_id,
        distance_km=round(queries.distance_km(offer, place)) if place else None,
        sector=offer.sector.label,
        periods=[
            CardPeriod(period.start, period.end, left)
            for period, left in offer_selectors.periods_with_places_left(offer)
        ],
        publics=offer.publics or [],
        accessible=offer.accessible,
        priorities=[
            label
            for label, marked in (("REP", offer.priority_rep), ("QPV", offer.priority_qpv))
            if marked
        ],
    )


@dataclass(frozen=True)
class SearchResults:
    """One page of a search, as data."""

    cards: list[Card]
    facets: queries.Facets  # the total, and the counts per sector, department and public
    number: int  # the page shown: the last one when a page past the end was asked
    num_pages: int
    sort: str  # the sort applied (a distance sort without a place falls back)
    fuzzy: bool = False  # no offer had the words exactly: these are the nearest (trigrams)

    @property
    def total(self) -> int:
        return self.facets.total

    @property
    def first_index(self) -> int:
        return (self.number - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.number * PER_PAGE, self.total)


def matches(params: SearchParams, *, without=(), fuzzy=False):
    """The live entries with every filter applied except those named (form field names);
    the keyword last, as full text or, `fuzzy`, as trigrams (typo tolerance)."""
    p = params
    live = queries.live_entries()
    queryset = live
    if p.place and "commune" not in without:
        queryset = queries.within_radius(queryset, p.place, p.radius)
    if p.departments and "departement" not in without:
        queryset = queryset.filter(department__in=p.departments)
    if p.sectors and "secteur" not in without:
        queryset = queryset.filter(sector_id__in=p.sectors)
    if p.publics and "public" not in without:
        queryset = queryset.filter(publics__overlap=list(p.publics))
    if p.week:
        queryset = queries.covering(queryset, *p.mondays())
    if p.start or p.end:
        queryset = queries.overlapping(queryset, p.start, p.end)
    if p.host_types:
        queryset = queryset.filter(host_type__in=p.host_types)
    if p.accessible:
        queryset = queryset.filter(accessible=True)
    queryset = queries.with_places(queryset, p.places)
    if not p.words or "q" in without:
        return queryset
    if "commune" not in without and narrowed_by_index(p):
        # The keyword needs the entry's row; the other filters are answered by the
        # covering index alone. PostgreSQL would read every row of the circle to test
        # them together: keep the index-only pass apart, then read only what it kept.
        queryset = live.filter(pk__in=queryset.values("pk"))
    return queries.keyword_filter(queryset, list(p.words), fuzzy)


def narrowed_by_index(params: SearchParams) -> bool:
    """A place and at least two more filters of the covering index (search_entry_commune):
    few offers get past them. With fewer, the keyword's own index is the better start
    (docs/performance.md, "Keyword last")."""
    p = params
    narrowing = [p.week or p.start or p.end, p.host_types, p.accessible, p.places > 1]
    return bool(p.place) and sum(map(bool, narrowing)) >= 2


def facets_and_words(params: SearchParams) -> bool:
    """True when no filter but the facets' (sector, department, public) and the keyword
    narrows the live entries: a keyword's counts then come from the term index."""
    p = params
    return not (
        p.place or p.week or p.start or p.end or p.host_types or p.accessible or p.places > 1
    )


def only_facets(params: SearchParams) -> bool:
    """True when no filter but the facets' narrows the live entries: their facet counts can
    then come from the counts table."""
    return not params.words and facets_and_words(params)


def applied_sort(params: SearchParams) -> str:
    """The sort asked for when it applies, else the search's default (search.sorts)."""
    return sorts.applied(params.sort, keyword=bool(params.words), place=bool(params.place))


def _page_slice(params: SearchParams, sort: str, number: int, fuzzy: bool) -> queries.PageSlice:
    """The sort keys, (expression, descending), most significant first; id last, so that
    every order is total and pages never overlap."""
    newest = [(F("published_at"), True), (F("pk"), True)]
    if sort == Sort.RELEVANCE:
        keys = [(queries.keyword_rank(list(params.words), fuzzy), True), *newest]
    elif sort == Sort.DISTANCE:
        keys = [(queries.nearest_first(params.place, params.radius), False), *newest]
    elif sort == Sort.SOONEST:
        keys = [(queries.next_start(), False), (F("pk"), True)]
    else:
        keys = newest
    return queries.PageSlice(keys=keys, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)


def _periods_prefetch():
    periods = OfferPeriod.objects.filter(end__gte=queries.today())
    with_taken = offer_selectors.with_places_taken(periods).filter(places__gt=F("places_taken"))
    return Prefetch("periods", queryset=with_taken)


# The sorts that the term index pages itself (search.queries.terms).
TERM_ORDERS = {Sort.RELEVANCE: "relevance", Sort.NEWEST: "newest"}


def _facets(params: SearchParams, sort: str, fuzzy: bool) -> queries.Facets:
    if params.words and not fuzzy and facets_and_words(params):
        return queries.keyword_facets(
            list(params.words),
            sectors=list(params.sectors),
            departments=list(params.departments),
            publics=list(params.publics),
            order=TERM_ORDERS.get(sort),
            offset=(params.page - 1) * PER_PAGE,
            limit=PER_PAGE,
        )
    return queries.facets(
        matches(params, without=FACETS, fuzzy=fuzzy),
        sectors=list(params.sectors),
        departments=list(params.departments),
        publics=list(params.publics),
        every_live=only_facets(params),
        page=_page_slice(params, sort, params.page, fuzzy),
    )


# What a card reads (_card): the other columns, dates above all, cost their conversion.
CARD_FIELDS = (
    "title",
    "publics",
    "accessible",
    "priority_rep",
    "priority_qpv",
    "organisation__name",
    "organisation__host_type",
    "sector__label",
    "commune__name",
    "commune__department",
    "commune__latitude",
    "commune__longitude",
)


def _cards(params: SearchParams, ids: list[int]) -> list[Card]:
    # Joining hosts, sectors and communes before the LIMIT would join every match.
    found = (
        Offer.objects.filter(pk__in=ids)
        .select_related("organisation", "sector", "commune")
        .prefetch_related(_periods_prefetch())
        .only(*CARD_FIELDS)
        .in_bulk()
    )
    return [_card(found[pk], params.place) for pk in ids if pk in found]


def search(params: SearchParams) -> SearchResults:
    sort = applied_sort(params)
    if params.place_unknown:
        # Not the whole region as if the place had been understood: the page says why.
        return SearchResults(cards=[], facets=queries.Facets(), number=1, num_pages=1, sort=sort)
    fuzzy = False
    facets = _facets(params, sort, fuzzy)
    if not facets.total and params.words and not queries.known_anywhere(list(params.words)):
        # Words that no offer contains, perhaps mistyped: the same search with trigrams
        # (typo tolerance). Known words found nowhere here are the filters' doing: the empty
        # page suggests how to widen instead.
        fuzzy_facets = _facets(params, sort, fuzzy=True)
        if fuzzy_facets.total:
            facets, fuzzy = fuzzy_facets, True
    num_pages = max(1, math.ceil(facets.total / PER_PAGE))
    number = min(params.page, num_pages)
    cards = []
    if facets.total:
        ids = facets.page_ids
        if ids is None or number != params.page:
            # Counts from the counts table, or a page past the end: the page's ids on their
            # own (sort and limit on the entries alone).
            page_slice = _page_slice(params, sort, number, fuzzy)
            ids = list(
                matches(params, fuzzy=fuzzy)
                .order_by(*page_slice.ordering())
                .values_list("pk", flat=True)[
                    page_slice.offset : page_slice.offset + page_slice.limit
                ]
            )
        cards = _cards(params, ids)
    return SearchResults(
        cards=cards, facets=facets, number=number, num_pages=num_pages, sort=sort, fuzzy=fuzzy
    )
