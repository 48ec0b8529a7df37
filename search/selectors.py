"""One search page: filters, facets, sort, page, widening suggestions.

Queries per page, whatever is found: reference choices (2), commune (1 with a place),
facets and total with the page's ids (1), its cards (1), their periods (1). A keyword that
finds nothing costs one more (is it known anywhere?), and a second when it is not (the same
search with trigrams).
"""

import functools
import math
from dataclasses import dataclass, field
from html import escape

from django.db.models import F, Prefetch
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from offers import selectors as offer_selectors
from offers.models import Offer, OfferPeriod

from . import queries
from .cards import cards_html
from .filters import RADIUS_CHOICES, RADIUS_MAX, OfferSearchFilter, Sort

PER_PAGE = 20
MAX_PAGE = 100_000

# Bourgogne-Franche-Comté's departments and their neighbours within the region.
NEIGHBOURS = {
    "21": ["89", "58", "71", "39", "70"],
    "25": ["39", "70", "90"],
    "39": ["25", "21", "71", "70"],
    "58": ["89", "21", "71"],
    "70": ["21", "25", "90", "39"],
    "71": ["21", "58", "39"],
    "89": ["21", "58"],
    "90": ["25", "70"],
}


@dataclass
class Card:
    offer: Offer
    distance_km: int | None
    periods: list[tuple[OfferPeriod, int]]


@dataclass
class SearchPage:
    filterset: OfferSearchFilter
    cards: list[Card]
    facets: queries.Facets
    number: int
    num_pages: int
    sort: str
    notices: list[str] = field(default_factory=list)
    prev_url: str = ""
    next_url: str = ""
    suggestions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def cards_html(self):
        return cards_html(self.cards)

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
        place = filterset.place
        for offer in offers:
            cards.append(
                Card(
                    offer=offer,
                    distance_km=round(queries.distance_km(offer, place)) if place else None,
                    periods=offer_selectors.periods_with_places_left(offer),
                )
            )
    page = SearchPage(
        filterset=filterset,
        cards=cards,
        facets=facets,
        number=number,
        num_pages=num_pages,
        sort=sort,
        notices=notices,
    )
    if number > 1:
        page.prev_url = _url(params, page=str(number - 1))
    if number < num_pages:
        page.next_url = _url(params, page=str(number + 1))
    if not facets.total:
        page.suggestions = widening_suggestions(params, filterset)
    return page


def _url(params: QueryDict, **changes) -> str:
    # Lists of the submitted values, without the page and the empty fields of the GET form
    # (shorter shareable URLs); a plain dict, since QueryDict.copy() deep-copies.
    query = {name: values for name, values in params.lists() if name != "page" and any(values)}
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value if isinstance(value, list) else [value]
    path = reverse("search:offers")
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def widening_suggestions(params: QueryDict, filterset: OfferSearchFilter) -> list[tuple[str, str]]:
    """One-click ways out of an empty result: larger radius, fewer filters, nearby areas."""
    cleaned = filterset.form.cleaned_data
    form = filterset.form
    suggestions = []
    if filterset.place:
        wider = [km for km in RADIUS_CHOICES if km > filterset.radius]
        if wider:
            km = wider[1] if len(wider) > 1 and wider[0] < 50 else wider[0]
            suggestions.append((f"Élargir la recherche à {km} km", _url(params, rayon=str(km))))
        elif filterset.radius < RADIUS_MAX:
            suggestions.append(
                (f"Élargir la recherche à {RADIUS_MAX} km", _url(params, rayon=str(RADIUS_MAX)))
            )
        department = filterset.place.department_id
        suggestions.append(
            (
                "Chercher dans tout le département et les départements voisins",
                _url(
                    params,
                    commune=None,
                    rayon=None,
                    departement=[department, *NEIGHBOURS.get(department, [])],
                ),
            )
        )
    departments = cleaned.get("departement") or []
    if departments:
        nearby = sorted({n for d in departments for n in NEIGHBOURS.get(d, [])} - set(departments))
        if nearby:
            names = dict(form.fields["departement"].choices)
            suggestions.append(
                (
                    "Ajouter les départements voisins ("
                    + ", ".join(names.get(code, code) for code in nearby)
                    + ")",
                    _url(params, departement=[*departments, *nearby]),
                )
            )
    if filterset.words:
        suggestions.append(
            (f"Chercher sans le mot-clé « {cleaned['q'][:40]} »", _url(params, q=None))
        )
    removable = [
        ("secteur", "Tous les secteurs"),
        ("public", "Tous les publics"),
        ("structure", "Tous les types de structure"),
        ("semaine", "Toutes les semaines de stage"),
        ("accessible", "Sans le critère d'accessibilité"),
    ]
    for name, label in removable:
        if cleaned.get(name):
            suggestions.append((label, _url(params, **{name: None})))
    if cleaned.get("du") or cleaned.get("au"):
        suggestions.append(("Toutes les dates", _url(params, du=None, au=None)))
    if (cleaned.get("places") or 1) > 1:
        suggestions.append(("Au moins 1 place", _url(params, places=None)))
    suggestions.append(("Voir toutes les offres de la région", reverse("search:offers")))
    return suggestions


@functools.lru_cache(maxsize=32)
def _checkboxes(name: str, choices: tuple) -> list[tuple[str, str, str, str]]:
    """(value, escaped value, markup before "checked", markup after) for each choice:
    choices are reference data, so this is built once per process and list."""
    return [
        (
            value,
            escape(value),
            f'<li><label for="id_{name}_{index}"><input type="checkbox" name="{name}"'
            f' value="{escape(value)}" id="id_{name}_{index}"',
            f"> <span>{escape(label)}",
        )
        for index, (value, label) in enumerate(choices)
    ]


def checkbox_groups(page: SearchPage) -> dict[str, dict]:
    """The checkbox filters, with their counts, as ready HTML.

    Built here rather than with widget templates or template loops: seventy-odd checkboxes
    rendered through templates cost more than the search's SQL; their fixed parts are built
    once (_checkboxes), so a page only adds "checked" and the counts.
    """
    form = page.filterset.form
    counts = {
        "public": page.facets.publics,
        "departement": page.facets.departments,
        "secteur": page.facets.sectors,
        "structure": None,
    }
    groups = {}
    for name, facet_counts in counts.items():
        selected = set(form.cleaned_data.get(name) or [])
        options, oob = [], []
        for value, safe_value, before, after in _checkboxes(name, tuple(form.fields[name].choices)):
            count = ""
            if facet_counts is not None:
                n = int(facet_counts.get(value, 0))
                count = f' <span class="facet-count" id="n-{name}-{safe_value}">({n})</span>'
                oob.append(
                    f'<span class="facet-count" id="n-{name}-{safe_value}"'
                    f' hx-swap-oob="true">({n})</span>'
                )
            checked = " checked" if value in selected else ""
            options.append(f"{before}{checked}{after}{count}</span></label></li>")
        groups[name] = {
            "name": name,
            "label": form.fields[name].label,
            "options": mark_safe("".join(options)),
            "oob": mark_safe("".join(oob)),
        }
    return groups
