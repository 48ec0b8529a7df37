"""What the search templates show, beyond the selector's data: links and form options.

The selector (selectors.search) answers with data; this module turns it into what the page
needs: page links and one-click widening suggestions (URLs built from the submitted
parameters), and the checkbox filters with their counts and checked state. Templates write
the markup.
"""

from dataclasses import dataclass, field, fields

from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from .filters import RADIUS_CHOICES, RADIUS_MAX, OfferSearchFilter
from .selectors import SearchPage

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
# The checkbox filters, and the facet whose counts each shows (None: no counts).
CHECKBOXES = {
    "public": "publics",
    "departement": "departments",
    "secteur": "sectors",
    "structure": None,
}
# Filters folded in the form's "Affiner" block: it opens when one is used.
REFINEMENTS = ("secteur", "departement", "public", "semaine", "du", "au", "structure", "accessible")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    id: str
    checked: bool
    count: int | None


@dataclass(frozen=True)
class CheckboxGroup:
    name: str
    label: str
    options: list[Option]


@dataclass
class ResultsPage(SearchPage):
    """The selector's page with its links and checkbox options."""

    groups: dict[str, CheckboxGroup] = field(default_factory=dict)
    prev_url: str = ""
    next_url: str = ""
    suggestions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def refined(self) -> bool:
        data = self.filterset.form.data
        return any(data.get(name) for name in REFINEMENTS)


def present(params: QueryDict, results: SearchPage) -> ResultsPage:
    data = {f.name: getattr(results, f.name) for f in fields(SearchPage)}
    page = ResultsPage(**data, groups=checkbox_groups(results))
    if results.number > 1:
        page.prev_url = _url(params, page=str(results.number - 1))
    if results.number < results.num_pages:
        page.next_url = _url(params, page=str(results.number + 1))
    if not results.total:
        page.suggestions = widening_suggestions(params, results.filterset)
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


def checkbox_groups(results: SearchPage) -> dict[str, CheckboxGroup]:
    """The checkbox filters: each choice, whether it is checked, and its facet count."""
    form = results.filterset.form
    groups = {}
    for name, facet in CHECKBOXES.items():
        counts = getattr(results.facets, facet) if facet else None
        selected = set(form.cleaned_data.get(name) or [])
        groups[name] = CheckboxGroup(
            name=name,
            label=form.fields[name].label,
            options=[
                Option(
                    value=value,
                    label=label,
                    id=f"id_{name}_{index}",
                    checked=value in selected,
                    count=None if counts is None else int(counts.get(value, 0)),
                )
                for index, (value, label) in enumerate(form.fields[name].choices)
            ],
        )
    return groups
