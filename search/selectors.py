"""One search page as data: filters, facets, sort, page, cards (presenters.py links them).

Queries per page, whatever is found: reference choices (2), commune (1 with a place),
facets and total with the page's ids (1), its cards (1), their periods (1). A keyword that
finds nothing costs one more (is it known anywhere?), and a second when it is not (the same
search with trigrams).
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import F, Prefetch
from django.http import QueryDict

from offers import selectors as offer_selectors
from offers.models import Offer, OfferPeriod
from organisations.models import Organisation

from . import queries
from .filters import OfferSearchFilter, Sort

PER_PAGE = 20
MAX_PAGE = 100_000

HOST_TYPES = dict(Organisation.HostType.choices)


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


def _card(offer: Offer, place) -> Card:
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
    )


@dataclass
class SearchPage:
    filterset: OfferSearchFilter
    cards: list[Card]
    facets: queries.Facets
    number: int
    num_pages: int
    sort: str
    notices: list[str] = field(default_factory=list)

    @property
    def total(self):
        return self.facets.total

    @property
    def first_index(self):
        return (self.number - 1) * PER_PAGE + 1 if self.total else 0

    @property
    def last_index(self):
        return min(self.number * PER_PAGE, self.total)


def _sort(filterset: OfferSearchFilter, notices: list[str]) -> str:
    requested = filterset.form.cleaned_data.get("tri") or ""
    words, place = filterset.words, filterset.place
    default = Sort.RELEVANCE if words else (Sort.DISTANCE if place else Sort.NEWEST)
    if requested == Sort.DISTANCE and not place:
        notices.append("Pour trier par distance, indiquez une commune.")
        return default
    if requested == Sort.RELEVANCE and not words:
        return default
    return requested or default


def _page_slice(filterset: OfferSearchFilter, sort: str, number: int) -> queries.PageSlice:
    """The sort keys, (expression, descending), most significant first; id last, so that
    every order is total and pages never overlap."""
    newest = [(F("published_at"), True), (F("pk"), True)]
    if sort == Sort.RELEVANCE:
        keys = [(queries.keyword_rank(filterset.words, filterset.fuzzy), True), *newest]
    elif sort == Sort.DISTANCE:
        keys = [(queries.nearest_first(filterset.place, filterset.radius), False), *newest]
    elif sort == Sort.SOONEST:
        keys = [(queries.next_start(), False), (F("pk"), True)]
    else:
        keys = newest
    return queries.PageSlice(keys=keys, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)


def _requested_page(raw: str, notices: list[str]) -> int:
    try:
        number = int((raw or "1").strip())
    except ValueError:
        notices.append(f"La page « {raw[:20]} » n'existe pas : voici la première.")
        return 1
    if number < 1:
        notices.append("Les pages commencent à 1 : voici la première.")
        return 1
    return min(number, MAX_PAGE)  # past the end anyway; keeps OFFSET a small integer


def _periods_prefetch():
    periods = OfferPeriod.objects.filter(end__gte=queries.today())
    with_taken = offer_selectors.with_places_taken(periods).filter(places__gt=F("places_taken"))
    return Prefetch("periods", queryset=with_taken)


def search(params: QueryDict) -> SearchPage:
    filterset = OfferSearchFilter(params, queryset=queries.live_entries())
    filterset.is_valid()
    form = filterset.form
    notices = list(form.notices)
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        notices.extend(f"{label} : {error}" if label else error for error in errors)
    cleaned = form.cleaned_data
    facet_filters = {
        "sectors": cleaned.get("secteur") or [],
        "departments": cleaned.get("departement") or [],
        "publics": cleaned.get("public") or [],
    }
    sort_notices = []
    sort = _sort(filterset, sort_notices)
    requested = _requested_page(params.get("page", ""), notices)
    facets = queries.facets(
        filterset.queryset_without(OfferSearchFilter.FACETS),
        **facet_filters,
        every_live=filterset.only_facets(),
        page=_page_slice(filterset, sort, requested),
    )
    if not facets.total and filterset.words and not queries.known_anywhere(filterset.words):
        # Words that no offer contains, perhaps mistyped: the same search with trigrams
        # (typo tolerance). Known words found nowhere here are the filters' doing: the empty
        # page suggests how to widen instead.
        filterset.fuzzy = True
        fuzzy_facets = queries.facets(
            filterset.queryset_without(OfferSearchFilter.FACETS),
            **facet_filters,
            page=_page_slice(filterset, sort, requested),
        )
        if fuzzy_facets.total:
            facets = fuzzy_facets
            notices.append(
                f"Aucune offre ne contient exactement « {' '.join(filterset.words)} » : "
                "voici les offres aux mots les plus proches."
            )
        else:
            filterset.fuzzy = False
    num_pages = max(1, math.ceil(facets.total / PER_PAGE))
    number = min(requested, num_pages)
    if number < requested:
        notices.append(f"Il n'y a que {num_pages} page(s) de résultats : voici la dernière.")
    notices.extend(sort_notices)
    cards = []
    if facets.total:
        ids = facets.page_ids
        if ids is None or number != requested:
            # Counts from the counts table, or a page past the end: the page's ids on their
            # own (sort and limit on the offers table alone).
            page_slice = _page_slice(filterset, sort, number)
            ids = list(
                filterset.qs.order_by(*page_slice.ordering()).values_list("pk", flat=True)[
                    page_slice.offset : page_slice.offset + page_slice.limit
                ]
            )
        # Then the cards: joining hosts, sectors and communes before the LIMIT would join
        # every match.
        found = (
            Offer.objects.filter(pk__in=ids)
            .select_related("organisation", "sector", "commune")
            .prefetch_related(_periods_prefetch())
            .defer("description", "transport")
            .in_bulk()
        )
        offers = [found[pk] for pk in ids if pk in found]
        cards = [_card(offer, filterset.place) for offer in offers]
    return SearchPage(
        filterset=filterset,
        cards=cards,
        facets=facets,
        number=number,
        num_pages=num_pages,
        sort=sort,
        notices=notices,
    )
