"""The search's parameters: a plain Django form cleans the query string, forgiving by
design, into a typed `SearchParams`, the one input of the selectors (`parse`).

Whatever the URL holds, the search answers: a value that cannot be used is dropped (or
brought back into range) with a French notice, and the other filters still apply. Parameter
names are French and short, since search URLs are shared by pupils and teachers.

A plain form rather than a django-filter FilterSet: the keyword, the radius, the sort and
the page are parameters but not filters of their own, the keyword is applied last (after
an index-only pass when a place narrows enough), and the facet counts need the filters
without the facets'. A FilterSet applies every field as one filter in one pass: it took
no-op filters and an overridden filter_queryset to bend it to that.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from offers.models import Public
from organisations.models import Organisation
from reference import choices as reference_choices
from reference.communes import CommuneField, alternatives, label, postcode_communes
from reference.models import Commune
from reference.periods import school_year_of, seconde_period
from stages_bfc import french
from stages_bfc.forms import DateInput

from . import queries, sorts
from .sorts import Sort  # noqa: F401  (re-exported: the search imports it from here)
from .templating import SearchFormRenderer

RADIUS_DEFAULT = 20
RADIUS_MIN, RADIUS_MAX = 5, 100
RADIUS_CHOICES = [5, 10, 20, 30, 50, 100]
MAX_KEYWORD_LENGTH = 200
MAX_PAGE = 100_000  # past the end anyway; keeps OFFSET a small integer
PLACES_CHOICES = [
    (1, "Au moins 1 place"),
    (2, "Au moins 2 places"),
    (5, "Au moins 5 places (un groupe)"),
    (10, "Au moins 10 places (une demi-classe)"),
]
# Every public, said explicitly: a pupil's level is then not preselected (views.py).
ALL_PUBLICS = "tous"


class Week:
    FIRST, SECOND, BOTH = "1", "2", "deux"


def seconde_weeks(today: datetime.date | None = None):
    """(first Monday–Friday, second Monday–Friday) of the coming seconde period."""
    return seconde_period(school_year_of(today or queries.today())).working_weeks


def week_choices():
    # Short labels: a closed select shows about 28 characters on a 375-px phone.
    (s1, e1), (s2, e2) = seconde_weeks()
    return [
        ("", "Toutes les dates"),
        (Week.FIRST, f"Semaine 1 : {french.date_range(s1, e1, with_year=False)}"),
        (Week.SECOND, f"Semaine 2 : {french.date_range(s2, e2, with_year=False)}"),
        (Week.BOTH, f"Les deux : {french.date_range(s1, e2, with_year=False)}"),
    ]


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known values and drops the others (the form says which were ignored)."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        values = self.to_python(value)
        return list(dict.fromkeys(v for v in values if self.valid_value(v)))


class PlaceField(CommuneField):
    """A commune; a postcode shared by several communes means all of them (the search
    centres on the largest, its radius covering the others; the page offers each one)."""

    def clean(self, value):
        communes = postcode_communes(value)
        if len(communes) > 1:
            return communes
        return super().clean(value)


class RadiusSelect(forms.Select):
    """Shows 20 km when the URL gives no radius (a bound form ignores `initial`)."""

    def format_value(self, value):
        return super().format_value(value or str(RADIUS_DEFAULT))


# Filters folded in the form's "Affiner" block: it opens when one is used.
REFINEMENTS = ("secteur", "departement", "public", "semaine", "du", "au", "structure", "accessible")
# The order in which the page's form submits its fields (its markup's order).
SUBMITTED = (
    "q",
    "commune",
    "rayon",
    "semaine",
    "du",
    "au",
    "public",
    "departement",
    "secteur",
    "structure",
    "accessible",
    "places",
    "tri",
)


class SearchForm(forms.Form):
    """Every parameter of the search, cleaned; the notices say what was dropped or changed."""

    default_renderer = SearchFormRenderer()

    q = forms.CharField(
        label="Métier, mot-clé ou structure",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ex. boulangerie, hôpital"}),
    )
    commune = PlaceField(
        label="Commune",
        required=False,
        help_text="Nom ou code postal, par exemple « Dole » ou « 39100 ».",
    )
    rayon = forms.CharField(label="Dans un rayon de", required=False, widget=RadiusSelect)
    departement = LenientMultipleChoiceField(label="Département", required=False)
    secteur = LenientMultipleChoiceField(label="Secteur", required=False)
    public = LenientMultipleChoiceField(label="Public", required=False, choices=Public.choices)
    semaine = forms.ChoiceField(label="Stage de seconde", required=False, choices=week_choices)
    du = forms.DateField(label="Disponible à partir du", required=False, widget=DateInput)
    au = forms.DateField(label="Jusqu'au", required=False, widget=DateInput)
    structure = LenientMultipleChoiceField(
        label="Type de structure", required=False, choices=Organisation.HostType.choices
    )
    accessible = forms.BooleanField(
        label="Accessible aux élèves en situation de handicap", required=False
    )
    places = forms.TypedChoiceField(
        label="Places restantes", required=False, choices=PLACES_CHOICES, coerce=int
    )
    # Its options follow the search (sorts.menu): set once the keyword and place are known.
    tri = forms.CharField(label="Triées par", required=False, widget=forms.Select)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.notices: list[str] = []
        self.place_choices: list[Commune] = []  # a postcode's communes, to pick one
        self.place_unknown = False
        self.all_publics = False  # "tous": every public, asked for
        self.fields["departement"].choices = reference_choices.department_choices()
        self.fields["secteur"].choices = reference_choices.sector_choices()
        radius = (data or {}).get("rayon", "")
        choices = [(str(km), f"{km} km") for km in RADIUS_CHOICES]
        if (
            radius.isascii()  # "²".isdigit() is true, int("²") fails
            and radius.isdigit()
            and int(radius) not in RADIUS_CHOICES
            and RADIUS_MIN <= int(radius) <= RADIUS_MAX
        ):
            choices = sorted([*choices, (radius, f"{radius} km")], key=lambda c: int(c[0]))
        self.fields["rayon"].widget.choices = choices
        self.fields["rayon"].initial = str(RADIUS_DEFAULT)
        self.fields["tri"].widget.choices = sorts.menu(keyword=False, place=False)

    def clean_q(self):
        text = (self.cleaned_data.get("q") or "").strip()
        if len(text) > MAX_KEYWORD_LENGTH:
            text = text[:MAX_KEYWORD_LENGTH]
            self.notices.append(
                f"Votre mot-clé était très long : seuls ses {MAX_KEYWORD_LENGTH} premiers caractères sont pris en compte."
            )
        words = queries.WORD.findall(text.lower())
        if len(words) > queries.MAX_WORDS:
            self.notices.append(
                f"Seuls les {queries.MAX_WORDS} premiers mots de votre recherche sont pris en compte."
            )
        if text and not words:
            self.notices.append("Votre mot-clé ne contient ni lettre ni chiffre : il est ignoré.")
        return text

    def clean_rayon(self):
        raw = (self.cleaned_data.get("rayon") or "").strip().replace(",", ".")
        if not raw:
            return RADIUS_DEFAULT
        try:
            radius = round(float(raw))
        except (ValueError, OverflowError):
            self.notices.append(
                f"Le rayon « {raw[:20]} » n'est pas un nombre de kilomètres : "
                f"nous cherchons à {RADIUS_DEFAULT} km."
            )
            return RADIUS_DEFAULT
        if radius < RADIUS_MIN or radius > RADIUS_MAX:
            clamped = min(max(radius, RADIUS_MIN), RADIUS_MAX)
            self.notices.append(
                f"Le rayon va de {RADIUS_MIN} à {RADIUS_MAX} km : nous cherchons à {clamped} km."
            )
            return clamped
        return radius

    def clean_public(self):
        self.all_publics = ALL_PUBLICS in self.data.getlist("public")
        return self.cleaned_data.get("public") or []

    def clean_tri(self):
        raw = self.cleaned_data.get("tri") or ""
        value, understood = sorts.cleaned(raw)
        if not understood:
            self.notices.append(f"Le tri « {raw[:20]} » n'existe pas : il est ignoré.")
        return value

    def clean_commune(self):
        place = self.cleaned_data.get("commune")
        if not isinstance(place, list):
            return place
        self.place_choices = place  # the postcode's communes, larger first
        return place[0]

    def _cover_postcode(self, cleaned):
        """Every commune of the postcode: around the largest, far enough to reach them all."""
        centre, radius = cleaned["commune"], cleaned.get("rayon") or RADIUS_DEFAULT
        reach = max(queries.commune_distance_km(c, centre) for c in self.place_choices)
        cleaned["rayon"] = max(
            radius, next((km for km in RADIUS_CHOICES if km >= reach), RADIUS_MAX)
        )
        self.notices.append(
            f"Le code postal {self.data.get('commune', '').strip()} regroupe "
            f"{len(self.place_choices)} communes : nous cherchons autour de {label(centre)}, "
            f"la plus peuplée, dans un rayon de {cleaned['rayon']} km qui les couvre toutes. "
            "Vous pouvez aussi choisir une seule commune."
        )

    def clean(self):
        cleaned = super().clean()
        if "commune" in self.errors:
            # An unknown or ambiguous place is never dropped silently: no results, its
            # message and the closest names instead.
            self.place_unknown = True
            self.place_choices = alternatives(self.data.get("commune", "")[:120])
        elif self.place_choices:
            self._cover_postcode(cleaned)
        keyword = bool(queries.keyword_words(cleaned.get("q") or ""))
        place = cleaned.get("commune") is not None
        self.fields["tri"].widget.choices = sorts.menu(keyword, place)
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and start > end:
            cleaned["du"], cleaned["au"] = end, start
            self.notices.append(
                "Les dates étaient inversées : nous les avons remises dans l'ordre."
            )
        for name in ("departement", "secteur", "public", "structure"):
            kept = set(cleaned.get(name) or [])
            ignored = [
                v for v in self.data.getlist(name) if v and v not in kept and v != ALL_PUBLICS
            ]
            if ignored:
                label = self.fields[name].label.lower()
                self.notices.append(
                    f"Choix inconnu ignoré ({label}) : {', '.join(v[:30] for v in ignored[:3])}."
                )
        return cleaned

    def error_notices(self) -> list[str]:
        """The fields' errors, as notices: the search goes on without those values."""
        notices = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            notices.extend(f"{label} : {error}" if label else error for error in errors)
        return notices

    def refined(self) -> bool:
        """A filter of the "Affiner" block was given, even one refused (its value and its
        notice show)."""
        return any(self.data.get(name) for name in REFINEMENTS)

    def cleaned_query(self) -> dict[str, list[str]]:
        """The cleaned search as URL parameters, in the order the form submits them, empty
        ones left out (shorter shareable URLs): what the page's links start from. A value
        dropped stays out, a radius brought into range is the one searched; the commune is
        the name as typed, as its input shows it."""
        cleaned = self.cleaned_data
        values = {
            "q": cleaned.get("q"),
            "commune": self.fields["commune"].to_python(self.data.get("commune")),
            # Only when given: the form always sends it, a hand-written URL may not.
            "rayon": str(cleaned["rayon"]) if self.data.get("rayon") else "",
            "semaine": cleaned.get("semaine"),
            "du": cleaned["du"].isoformat() if cleaned.get("du") else "",
            "au": cleaned["au"].isoformat() if cleaned.get("au") else "",
            "accessible": "on" if cleaned.get("accessible") else "",
            "places": str(cleaned["places"]) if cleaned.get("places") else "",
            "tri": cleaned.get("tri"),
            **{name: cleaned.get(name) for name in ("departement", "secteur", "structure")},
            "public": cleaned.get("public") or ([ALL_PUBLICS] if self.all_publics else []),
        }
        query = {}
        for name in SUBMITTED:
            if value := values[name]:
                query[name] = list(value) if isinstance(value, list) else [value]
        return query


@dataclass(frozen=True)
class SearchParams:
    """What the search was asked, cleaned: the one input of the search's selectors."""

    keyword: str = ""
    words: tuple[str, ...] = ()
    place: Commune | None = None
    radius: int = RADIUS_DEFAULT
    departments: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    week: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    host_types: tuple[str, ...] = ()
    accessible: bool = False
    places: int = 1
    place_unknown: bool = False  # a place was typed that names no commune: no results
    sort: str = ""  # as requested; the selector picks the default
    page: int = 1  # as requested; the selector stops at the last
    notices: tuple[str, ...] = ()  # what was dropped or changed, in French

    @classmethod
    def from_form(cls, form: SearchForm, **extra) -> "SearchParams":
        cleaned = form.cleaned_data
        keyword = cleaned.get("q") or ""
        return cls(
            keyword=keyword,
            words=tuple(queries.keyword_words(keyword)),
            place=cleaned.get("commune"),
            radius=cleaned.get("rayon") or RADIUS_DEFAULT,
            departments=tuple(cleaned.get("departement") or ()),
            sectors=tuple(cleaned.get("secteur") or ()),
            publics=tuple(cleaned.get("public") or ()),
            week=cleaned.get("semaine") or "",
            start=cleaned.get("du"),
            end=cleaned.get("au"),
            host_types=tuple(cleaned.get("structure") or ()),
            accessible=bool(cleaned.get("accessible")),
            places=cleaned.get("places") or 1,
            place_unknown=form.place_unknown,
            sort=cleaned.get("tri") or "",
            **extra,
        )

    def mondays(self) -> list[datetime.date]:
        """The Mondays of the seconde week(s) asked for."""
        (first, _), (second, _) = seconde_weeks()
        return {Week.FIRST: [first], Week.SECOND: [second], Week.BOTH: [first, second]}.get(
            self.week, []
        )


def requested_page(raw: str, notices: list[str]) -> int:
    try:
        number = int((raw or "1").strip())
    except ValueError:
        notices.append(f"La page « {raw[:20]} » n'existe pas : voici la première.")
        return 1
    if number < 1:
        notices.append("Les pages commencent à 1 : voici la première.")
        return 1
    return min(number, MAX_PAGE)


def parse(data: QueryDict) -> tuple[SearchForm, SearchParams]:
    """The query string, once: the bound form (what the page shows back) and the typed
    parameters, with the notices of what was dropped or changed."""
    form = SearchForm(data)
    form.is_valid()
    notices = [*form.notices, *form.error_notices()]
    page = requested_page(data.get("page", ""), notices)
    return form, SearchParams.from_form(form, page=page, notices=tuple(notices))
