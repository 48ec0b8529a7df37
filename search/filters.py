"""The search form and its filters (django-filter), forgiving by design.

Whatever the URL holds, the search answers: a value that cannot be used is dropped (or
brought back into range) with a French notice, and the other filters still apply. Parameter
names are French and short, since search URLs are shared by pupils and teachers.
"""

import datetime

import django_filters
from django import forms
from django.urls import reverse

from offers.communes import CommuneField
from offers.models import Public
from organisations.models import Organisation
from reference.models import Department, Sector
from reference.periods import french_range, school_year_of, seconde_period

from . import queries
from .templating import SearchFormRenderer

RADIUS_DEFAULT = 20
RADIUS_MIN, RADIUS_MAX = 5, 100
RADIUS_CHOICES = [5, 10, 20, 30, 50, 100]
MAX_KEYWORD_LENGTH = 200
PLACES_CHOICES = [
    (1, "Au moins 1 place"),
    (2, "Au moins 2 places"),
    (5, "Au moins 5 places (un groupe)"),
    (10, "Au moins 10 places (une demi-classe)"),
]


class Sort:
    RELEVANCE = "pertinence"
    DISTANCE = "distance"
    NEWEST = "recent"
    SOONEST = "date"
    CHOICES = [
        (RELEVANCE, "Pertinence"),
        (DISTANCE, "Distance"),
        (NEWEST, "Les plus récentes"),
        (SOONEST, "Les plus proches dans le temps"),
    ]


class Week:
    FIRST, SECOND, BOTH = "1", "2", "deux"


def seconde_weeks(today: datetime.date | None = None):
    """(first Monday–Friday, second Monday–Friday) of the coming seconde period."""
    period = seconde_period(school_year_of(today or queries.today()))
    four_days = datetime.timedelta(days=4)
    first, second = period.weeks
    return (first, first + four_days), (second, second + four_days)


def week_choices():
    # Short labels: a closed select shows about 28 characters on a 375-px phone.
    (s1, e1), (s2, e2) = seconde_weeks()
    return [
        ("", "Toutes les dates"),
        (Week.FIRST, f"Semaine 1 : {french_range(s1, e1, with_year=False)}"),
        (Week.SECOND, f"Semaine 2 : {french_range(s2, e2, with_year=False)}"),
        (Week.BOTH, f"Les deux : {french_range(s1, e2, with_year=False)}"),
    ]


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known values and drops the others (the form says which were ignored)."""

    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        values = self.to_python(value)
        return list(dict.fromkeys(v for v in values if self.valid_value(v)))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommuneFilter(django_filters.Filter):
    field_class = CommuneField


class MultipleFilter(django_filters.Filter):
    field_class = LenientMultipleChoiceField


class SearchForm(forms.Form):
    """django-filter builds the fields; this form normalises them and collects notices."""

    default_renderer = SearchFormRenderer()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices: list[str] = []

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

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and start > end:
            cleaned["du"], cleaned["au"] = end, start
            self.notices.append(
                "Les dates étaient inversées : nous les avons remises dans l'ordre."
            )
        for name in ("departement", "secteur", "public", "structure"):
            kept = set(cleaned.get(name) or [])
            ignored = [v for v in self.data.getlist(name) if v and v not in kept]
            if ignored:
                label = self.fields[name].label.lower()
                self.notices.append(
                    f"Choix inconnu ignoré ({label}) : {', '.join(v[:30] for v in ignored[:3])}."
                )
        return cleaned


class OfferSearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Métier, mot-clé ou structure",
        method="filter_keyword",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ex. boulangerie, hôpital"}),
    )
    commune = CommuneFilter(
        method="filter_place",
        label="Commune",
        help_text="Nom ou code postal, par exemple « Dole » ou « 39100 ».",
    )
    rayon = django_filters.CharFilter(
        label="Dans un rayon de", method="filter_nothing", widget=forms.Select
    )
    departement = MultipleFilter(
        field_name="place_department",
        lookup_expr="in",
        label="Département",
    )
    secteur = MultipleFilter(
        field_name="sector_id",
        lookup_expr="in",
        label="Secteur",
    )
    public = MultipleFilter(
        field_name="publics",
        lookup_expr="overlap",
        label="Public",
    )
    semaine = django_filters.ChoiceFilter(
        label="Stage de seconde",
        method="filter_week",
        empty_label=None,
        choices=week_choices,
    )
    du = django_filters.DateFilter(
        label="Disponible à partir du", method="filter_dates", widget=DateInput
    )
    au = django_filters.DateFilter(label="Jusqu'au", method="filter_dates", widget=DateInput)
    structure = MultipleFilter(
        field_name="host_type",  # copied onto the offer (offers 0007): no join
        lookup_expr="in",
        label="Type de structure",
    )
    accessible = django_filters.BooleanFilter(
        label="Accessible aux élèves en situation de handicap",
        method="filter_accessible",
        widget=forms.CheckboxInput,
    )
    places = django_filters.TypedChoiceFilter(
        label="Places restantes",
        method="filter_places",
        choices=PLACES_CHOICES,
        coerce=int,
    )
    tri = django_filters.ChoiceFilter(
        label="Trier par",
        method="filter_nothing",
        choices=Sort.CHOICES,
        empty_label="Par défaut",  # relevance with a keyword, else distance or date
    )

    # Facets: filtered by themselves only in the result list, not in their own counts.
    FACETS = ("departement", "secteur", "public")

    class Meta:
        form = SearchForm
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("rayon"):
            data = data.copy()  # the radius select shows 20 km, not its first choice
            data["rayon"] = str(RADIUS_DEFAULT)
        super().__init__(data, *args, **kwargs)
        fields = self.form.fields
        fields["departement"].choices = list(
            Department.objects.values_list("code", "name").order_by("code")
        )
        fields["secteur"].choices = list(Sector.objects.values_list("code", "label"))
        fields["public"].choices = Public.choices
        fields["structure"].choices = Organisation.HostType.choices
        radius = (data or {}).get("rayon", "")
        choices = [(str(km), f"{km} km") for km in RADIUS_CHOICES]
        if (
            radius.isdigit()
            and int(radius) not in RADIUS_CHOICES
            and RADIUS_MIN <= int(radius) <= RADIUS_MAX
        ):
            choices = sorted([*choices, (radius, f"{radius} km")], key=lambda c: int(c[0]))
        fields["rayon"].widget.choices = choices
        fields["rayon"].initial = str(RADIUS_DEFAULT)
        fields["commune"].widget.attrs["data-commune-autocomplete"] = reverse("search:communes")
        fields["places"].required = False
        fields["tri"].required = False

    # --- filtering ----------------------------------------------------------------------

    def queryset_without(self, excluded=()):
        """The live offers with every filter applied except those named; the keyword last."""
        self.errors  # noqa: B018 (validates the form)
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in excluded and name in self.filters and name != "q":
                queryset = self.filters[name].filter(queryset, value)
        if not self.words or "q" in excluded:
            return queryset
        if "commune" not in excluded and self.narrowed_by_index():
            # The keyword needs the offer's row; the other filters are answered by the
            # covering index alone. PostgreSQL would read every row of the circle to test
            # them together: keep the index-only pass apart, then read only what it kept.
            queryset = self.queryset.filter(pk__in=queryset.values("pk"))
        return queries.keyword_filter(queryset, self.words, self.fuzzy)

    def narrowed_by_index(self) -> bool:
        """A place and at least two more filters of the covering index (offer_commune_live):
        few offers get past them. With fewer, the keyword's own index is the better start
        (docs/performance.md, "Keyword last")."""
        cleaned = self.form.cleaned_data
        narrowing = [
            cleaned.get("semaine") or cleaned.get("du") or cleaned.get("au"),
            cleaned.get("structure"),
            cleaned.get("accessible"),
            (cleaned.get("places") or 1) > 1,
        ]
        return bool(self.place) and sum(map(bool, narrowing)) >= 2

    def filter_queryset(self, queryset):
        return self.queryset_without()

    def only_facets(self) -> bool:
        """True when no filter but the facets' (sector, department, public) narrows the live
        offers: their facet counts can then come from the counts table."""
        cleaned = self.form.cleaned_data
        return not (
            self.words
            or self.place
            or cleaned.get("semaine")
            or cleaned.get("du")
            or cleaned.get("au")
            or cleaned.get("structure")
            or cleaned.get("accessible")
            or (cleaned.get("places") or 1) > 1
        )

    @property
    def words(self) -> list[str]:
        return queries.keyword_words(self.form.cleaned_data.get("q", ""))

    # Full text first; when it finds nothing, the selector sets this and filters again with
    # trigrams (typo tolerance): "boulangrie" still finds the bakeries.
    fuzzy = False

    @property
    def place(self):
        return self.form.cleaned_data.get("commune")

    @property
    def radius(self) -> int:
        return self.form.cleaned_data.get("rayon") or RADIUS_DEFAULT

    def filter_keyword(self, queryset, name, value):
        return queryset  # applied last, by queryset_without

    def filter_place(self, queryset, name, commune):
        return queries.within_radius(queryset, commune, self.radius)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_week(self, queryset, name, value):
        (first, _), (second, _) = seconde_weeks()
        mondays = {Week.FIRST: [first], Week.SECOND: [second], Week.BOTH: [first, second]}
        return queries.covering(queryset, *mondays[value]) if value in mondays else queryset

    def filter_dates(self, queryset, name, value):
        if name == "au" and self.form.cleaned_data.get("du"):
            return queryset  # both dates: applied once, by "du"
        cleaned = self.form.cleaned_data
        return queries.overlapping(queryset, cleaned.get("du"), cleaned.get("au"))

    def filter_accessible(self, queryset, name, value):
        return queryset.filter(accessible=True) if value else queryset

    def filter_places(self, queryset, name, value):
        return queries.with_places(queryset, value or 1)
