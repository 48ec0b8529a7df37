"""What the search templates show, beyond the selector's data: links, notices and options.

The view parses the query string (filters.parse) and the selector answers with data
(selectors.search); this module turns both into the page's view-model: the notices, page
links and one-click widening suggestions (URLs built from the cleaned parameters), and the
checkbox filters with their counts and checked state. Templates write the markup.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode

from reference import communes, sector_families

from . import sorts
from .filters import (
    ALL_PUBLICS,
    RADIUS_CHOICES,
    RADIUS_DEFAULT,
    RADIUS_MAX,
    SearchForm,
    SearchParams,
    Sort,
)
from .selectors import SearchResults

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
# The checkbox filters: the parameter each checks, and the facet whose counts it shows
# (None: no counts).
CHECKBOXES = {
    "public": ("publics", "publics"),
    "departement": ("departments", "departments"),
    "secteur": ("sectors", "sectors"),
    "structure": ("host_types", None),
}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    checked: bool
    count: int | None


@dataclass(frozen=True)
class Folded:
    """Options behind a summary: a family of sectors, or the rest of a long list (no
    label)."""

    label: str
    options: list[Option]

    @property
    def open(self) -> bool:
        return any(option.checked for option in self.options)


@dataclass(frozen=True)
class CheckboxGroup:
    name: str
    label: str
    options: list[Option]  # all of them: the counts' swap rewrites every count
    folded: tuple[Folded, ...] = ()

    @property
    def shown(self) -> list[Option]:
        hidden = {option.value for part in self.folded for option in part.options}
        return [option for option in self.options if option.value not in hidden]


@dataclass
class ResultsPage:
    """The search page's view-model: the selector's results, with notices, links and the
    checkbox options."""

    params: SearchParams
    results: SearchResults
    notices: list[str]
    groups: dict[str, CheckboxGroup]
    refined: bool  # the form's "Affiner" block opens
    prev_url: str = ""
    next_url: str = ""
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    query_string: str = ""  # the cleaned parameters: the alert's and the map's links
    # A postcode's communes, or the names close to an unknown place: (label, link) each.
    place_links: list[tuple[str, str]] = field(default_factory=list)
    place_unknown: bool = False
    chips: list[tuple[str, str]] = field(default_factory=list)  # active filters, removable
    page_links: list[tuple[int | None, str]] = field(default_factory=list)  # None: a gap
    # The sort menu of this search (sorts.menu): htmx responses bring it to the form's menu.
    sort_options: list[tuple[str, str]] = field(default_factory=list)
    # "Effacer les critères": every offer, every public (a pupil's level is not put back).
    reset_url: str = ""
    around_me: tuple[str, str] | None = None  # a pupil's school commune: (label, link)

    @property
    def sort_label(self) -> str:
        """The sort applied, as the menu names it."""
        return Sort.LABELS[self.results.sort]

    @property
    def cards(self):
        return self.results.cards

    @property
    def facets(self):
        return self.results.facets

    @property
    def total(self) -> int:
        return self.results.total

    @property
    def number(self) -> int:
        return self.results.number

    @property
    def num_pages(self) -> int:
        return self.results.num_pages

    @property
    def first_index(self) -> int:
        return self.results.first_index

    @property
    def last_index(self) -> int:
        return self.results.last_index


def present(
    form: SearchForm,
    params: SearchParams,
    results: SearchResults,
    start=None,
    preselected: str = "",
) -> ResultsPage:
    """`start`: a pupil's starting point (placements.selectors.SearchStart); `preselected`:
    the public of their level, put in the search because the URL had no parameter."""
    query = form.cleaned_query()
    found = notices(params, results)
    if preselected:
        level = dict(form.fields["public"].choices).get(preselected, preselected)
        found.insert(
            0,
            f"Offres de votre niveau ({level.lower()}) : retirez ce filtre "
            "pour voir tous les publics.",
        )
    page = ResultsPage(
        params=params,
        results=results,
        notices=found,
        groups=checkbox_groups(form, params, results),
        refined=form.refined(),
        query_string=urlencode(query, doseq=True),
        place_links=[
            (communes.label(c), _url(query, commune=communes.label(c))) for c in form.place_choices
        ],
        place_unknown=params.place_unknown,
        sort_options=sorts.menu(keyword=bool(params.words), place=bool(params.place)),
    )
    page.chips = chips(form, params, query)
    page.reset_url = _url({"public": [ALL_PUBLICS]}) if start and start.public else _url({})
    if start and start.school_commune:
        name = communes.label(start.school_commune)
        radius = query.get("rayon", [str(RADIUS_DEFAULT)])
        page.around_me = (name, _url(query, commune=name, rayon=radius, page=None))
    page.page_links = [
        (n, _url(query, page=str(n)) if n else "")
        for n in page_numbers(results.number, results.num_pages)
    ]
    if results.number > 1:
        page.prev_url = _url(query, page=str(results.number - 1))
    if results.number < results.num_pages:
        page.next_url = _url(query, page=str(results.number + 1))
    if params.place_unknown:
        page.suggestions = [("Chercher sans commune", _url(query, commune=None, rayon=None))]
    elif not results.total:
        page.suggestions = widening_suggestions(form, params, query, page.reset_url)
    return page


def notices(params: SearchParams, results: SearchResults) -> list[str]:
    """What was dropped or changed: by the parameters' cleaning, then by the search."""
    found = list(params.notices)
    if results.fuzzy:
        found.append(
            f"Aucune offre ne contient exactement « {' '.join(params.words)} » : "
            "voici les offres aux mots les plus proches."
        )
    if results.number < params.page:
        found.append(f"Il n'y a que {results.num_pages} page(s) de résultats : voici la dernière.")
    if params.sort == Sort.DISTANCE and not params.place:
        found.append("Pour trier par distance, indiquez une commune.")
    if params.sort == Sort.RELEVANCE and not params.words:
        found.append("Pour trier par pertinence, tapez un mot-clé.")
    return found


def page_numbers(current: int, last: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: the first, the last and two either side (None: a gap)."""
    if last <= 1:
        return []
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    numbers: list[int | None] = []
    for n in shown:
        if numbers and n - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def chips(form: SearchForm, params: SearchParams, query: dict[str, list[str]]):
    """The filters in use, each with the link that removes it (label, url)."""
    found = []
    if params.keyword:
        found.append((f"« {params.keyword[:40]} »", _url(query, q=None)))
    if params.place:
        found.append(
            (
                f"{communes.label(params.place)}, {params.radius} km",
                _url(query, commune=None, rayon=None),
            )
        )
    for name in ("public", "departement", "secteur", "structure"):
        labels = dict(form.fields[name].choices)
        values = [v for v in query.get(name, []) if v != ALL_PUBLICS]
        for value in values:
            rest = [v for v in values if v != value]
            link = _without_publics(query) if name == "public" and not rest else None
            found.append((labels.get(value, value), link or _url(query, **{name: rest or None})))
    if params.week:
        found.append(
            (dict(form.fields["semaine"].choices).get(params.week, ""), _url(query, semaine=None))
        )
    if params.start or params.end:
        found.append(("Dates choisies", _url(query, du=None, au=None)))
    if params.accessible:
        found.append(("Accessible en situation de handicap", _url(query, accessible=None)))
    if params.places > 1:
        found.append((f"Au moins {params.places} places", _url(query, places=None)))
    return found


def _without_publics(query: dict[str, list[str]]) -> str:
    """The search for every public: "tous" says so when nothing else would be left (the
    bare page shows a pupil their own level)."""
    if any(name != "public" for name in query):
        return _url(query, public=None)
    return _url(query, public=[ALL_PUBLICS])


def _url(query: dict[str, list[str]], **changes) -> str:
    """The search page with these parameters (form.cleaned_query()), changed: a value
    replaces a parameter (appended when new), None removes it."""
    query = dict(query)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value if isinstance(value, list) else [value]
    path = reverse("search:offers")
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def widening_suggestions(
    form: SearchForm, params: SearchParams, query: dict[str, list[str]], every_offer: str = ""
) -> list[tuple[str, str]]:
    """One-click ways out of an empty result: larger radius, fewer filters, nearby areas;
    `every_offer`, the page's reset link."""
    suggestions = []
    every_offer = every_offer or reverse("search:offers")
    if params.place:
        wider = [km for km in RADIUS_CHOICES if km > params.radius]
        if wider:
            km = wider[1] if len(wider) > 1 and wider[0] < 50 else wider[0]
            suggestions.append((f"Élargir la recherche à {km} km", _url(query, rayon=str(km))))
        elif params.radius < RADIUS_MAX:
            suggestions.append(
                (f"Élargir la recherche à {RADIUS_MAX} km", _url(query, rayon=str(RADIUS_MAX)))
            )
        department = params.place.department_id
        suggestions.append(
            (
                "Chercher dans tout le département et les départements voisins",
                _url(
                    query,
                    commune=None,
                    rayon=None,
                    departement=[department, *NEIGHBOURS.get(department, [])],
                ),
            )
        )
    departments = list(params.departments)
    if departments:
        nearby = sorted({n for d in departments for n in NEIGHBOURS.get(d, [])} - set(departments))
        if nearby:
            names = dict(form.fields["departement"].choices)
            suggestions.append(
                (
                    "Ajouter les départements voisins ("
                    + ", ".join(names.get(code, code) for code in nearby)
                    + ")",
                    _url(query, departement=[*departments, *nearby]),
                )
            )
    if params.words:
        suggestions.append(
            (f"Chercher sans le mot-clé « {params.keyword[:40]} »", _url(query, q=None))
        )
    removable = [
        ("secteur", params.sectors, "Tous les secteurs"),
        ("public", params.publics, "Tous les publics"),
        ("structure", params.host_types, "Tous les types de structure"),
        ("semaine", params.week, "Toutes les semaines de stage"),
        ("accessible", params.accessible, "Sans le critère d'accessibilité"),
    ]
    for name, value, label in removable:
        if value:
            link = _without_publics(query) if name == "public" else _url(query, **{name: None})
            suggestions.append((label, link))
    if params.start or params.end:
        suggestions.append(("Toutes les dates", _url(query, du=None, au=None)))
    if params.places > 1:
        suggestions.append(("Au moins 1 place", _url(query, places=None)))
    suggestions.append(("Voir toutes les offres de la région", every_offer))
    return suggestions


def checkbox_groups(
    form: SearchForm, params: SearchParams, results: SearchResults
) -> dict[str, CheckboxGroup]:
    """The checkbox filters: each choice, whether it is checked, and its facet count."""
    groups = {}
    for name, (param, facet) in CHECKBOXES.items():
        counts = getattr(results.facets, facet) if facet else None
        selected = set(getattr(params, param))
        options = [
            Option(
                value=value,
                label=label,
                id=f"id_{name}_{index}",
                checked=value in selected,
                count=None if counts is None else int(counts.get(value, 0)),
            )
            for index, (value, label) in enumerate(form.fields[name].choices)
        ]
        groups[name] = CheckboxGroup(
            name=name,
            label=form.fields[name].label,
            options=options,
            folded=fold(name, options, counted=counts is not None),
        )
    return groups


SHORT_LIST = 8  # a long group shows this many options first
LONG_LIST = 12  # and a group of this many or fewer shows them all


def fold(name: str, options: list[Option], counted: bool = True) -> tuple[Folded, ...]:
    """A long group's options past its short list (the checked and most offered first,
    when counted): sectors by family, other groups as one list."""
    if len(options) <= LONG_LIST:
        return ()
    if counted:
        options.sort(key=lambda o: (not o.checked, -(o.count or 0)))
    rest = options[SHORT_LIST:]
    if name != "secteur":
        return (Folded(label="", options=rest),)
    families: dict[str, list[Option]] = {label: [] for label, _ in sector_families.FAMILIES} | {
        sector_families.OTHERS: []
    }
    for option in rest:
        families[sector_families.family_of(option.value)].append(option)
    return tuple(Folded(label, found) for label, found in families.items() if found)
