"""Finding a commune from what a person types: a name, a postcode, or both, accents optional.

`resolve()` returns one commune or raises `CommuneNotFound` / `AmbiguousCommune`; `CommuneField`
wraps it for forms, so commune picking works without JavaScript. `suggest()` feeds the optional
autocomplete. Accepted inputs:

- a name, any case and accents: "besancon", "Chalon sur Saone", "st claude";
- a postcode ("25000"), or an INSEE code when no commune has that postcode;
- a name with its department or INSEE code, as the ambiguity message proposes: "Beaulieu (21)",
  "Beaulieu (21062)"; a name with its postcode: "Besançon 25000".
"""

import re

from django import forms
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Case, Q, Value, When
from django.urls import reverse_lazy

from reference.models import Commune
from reference.text import fold

MAX_CANDIDATES = 8
# "Nom (21)", "Nom (2A)", "Nom (21062)"
QUALIFIED = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<code>\d{5}|\d[\dab]|\d{3})\s*\)\s*$", re.I)
DIGITS = re.compile(r"\b\d{5}\b")
ABBREVIATIONS = [(re.compile(r"\bst\b"), "saint"), (re.compile(r"\bste\b"), "sainte")]


class CommuneNotFound(Exception):
    def __init__(self, suggestions=()):
        self.suggestions = list(suggestions)
        super().__init__("commune introuvable")


class AmbiguousCommune(Exception):
    def __init__(self, candidates, total):
        self.candidates = list(candidates)
        self.total = total
        super().__init__("plusieurs communes possibles")


def label(commune: Commune) -> str:
    """The unambiguous form shown to people and accepted back: "Besançon (25)"."""
    return f"{commune.name} ({commune.department_id})"


def _search_name(text: str) -> str:
    folded = fold(text)
    for pattern, replacement in ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
    return folded


def _with_postcode(queryset, postcode: str):
    # postcodes is a space-separated list: match a whole code, not a prefix of another one.
    return queryset.filter(
        Q(postcodes=postcode)
        | Q(postcodes__startswith=f"{postcode} ")
        | Q(postcodes__endswith=f" {postcode}")
        | Q(postcodes__contains=f" {postcode} ")
    )


# Among several communes, the larger first: the one people most likely mean.
LARGER_FIRST = ("-population", "name")


def _one(queryset):
    found = list(
        queryset.select_related("department").order_by(*LARGER_FIRST)[: MAX_CANDIDATES + 1]
    )
    if len(found) == 1:
        return found[0]
    if len(found) > MAX_CANDIDATES:
        raise AmbiguousCommune(found[:MAX_CANDIDATES], total=queryset.count())
    if found:
        raise AmbiguousCommune(found, total=len(found))
    return None


def resolve(text: str) -> Commune:
    text = (text or "").strip()
    communes = Commune.objects.all()

    qualified = QUALIFIED.match(text)
    if qualified:
        code = qualified["code"].upper()
        name = _search_name(qualified["name"])
        if len(code) == 5:
            found = communes.filter(insee=code)
        else:
            found = communes.filter(department_id=code)
            if name:
                found = found.filter(search_name=name)
        if commune := _one(found):
            return commune
        raise CommuneNotFound(_similar(name) if name else ())

    postcode_match = DIGITS.search(text)
    name = _search_name(DIGITS.sub(" ", text))
    if postcode_match:
        postcode = postcode_match.group()
        found = _with_postcode(communes, postcode)
        if name:
            found = found.filter(search_name=name)
        if commune := _one(found):
            return commune
        if not name and (commune := communes.filter(insee=postcode).first()):
            return commune
        raise CommuneNotFound(_similar(name) if name else ())

    if not name:
        raise CommuneNotFound()
    if commune := _one(communes.filter(search_name=name)):
        return commune
    raise CommuneNotFound(_similar(name))


def _similar(name: str, limit: int = 5) -> list[Commune]:
    """The closest names, always a few when anything is a little alike ("Paris" finds
    "Parisot"...): an unknown place is answered with names to pick from."""
    return list(
        Commune.objects.annotate(similarity=TrigramSimilarity("search_name", name))
        .filter(similarity__gte=0.2)
        .select_related("department")
        .order_by("-similarity", *LARGER_FIRST)[:limit]
    )


def alternatives(text: str) -> list[Commune]:
    """What to offer instead of a place that names no one commune: the candidates of an
    ambiguous name, the closest names of an unknown one."""
    try:
        return [resolve(text)]
    except AmbiguousCommune as error:
        return error.candidates
    except CommuneNotFound as error:
        return error.suggestions or _similar(_search_name(DIGITS.sub(" ", text or "")))


def postcode_communes(text: str) -> list[Commune]:
    """The communes of a bare postcode ("39100"), larger first; [] for anything else."""
    text = (text or "").strip()
    if not DIGITS.fullmatch(text):
        return []
    found = _with_postcode(Commune.objects.all(), text).select_related("department")
    return list(found.order_by(*LARGER_FIRST))


def suggest(text: str, limit: int = 10) -> list[dict]:
    """Communes named exactly so, then starting with, then containing the text (larger
    first in each); or that have the postcode, larger first."""
    text = (text or "").strip()
    if DIGITS.fullmatch(text):
        found = _with_postcode(Commune.objects.all(), text).order_by(*LARGER_FIRST)
    else:
        name = _search_name(text)
        if len(name) < 2:
            return []
        rank = Case(
            When(search_name=name, then=Value(0)),
            When(search_name__startswith=name, then=Value(1)),
            default=Value(2),
        )
        found = (
            Commune.objects.filter(search_name__contains=name)
            .annotate(rank=rank)
            .order_by("rank", *LARGER_FIRST)
        )
    found = found.select_related("department")[:limit]
    return [{"label": label(c), "postcode": c.main_postcode, "insee": c.insee} for c in found]


def _listing(communes) -> str:
    return ", ".join(label(c) for c in communes)


class CommuneField(forms.CharField):
    """A text input resolved server-side to a `Commune`; errors say what to type instead."""

    default_error_messages = {
        "required": "Indiquez la commune (nom ou code postal).",
        "not_found": (
            "Nous ne trouvons pas la commune « %(value)s » en Bourgogne-Franche-Comté : "
            "vérifiez l'orthographe ou saisissez son code postal."
        ),
        "did_you_mean": (
            "Nous ne trouvons pas la commune « %(value)s ». Vouliez-vous dire : %(candidates)s ?"
        ),
        "ambiguous": (
            "Plusieurs communes correspondent à « %(value)s » : %(candidates)s. "
            "Saisissez celle qui convient telle qu'elle est écrite ici, par exemple « %(example)s »."
        ),
        "too_many": (
            "%(total)s communes correspondent à « %(value)s », dont %(candidates)s… "
            "Saisissez plutôt le nom de la commune."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("label", "Commune")
        kwargs.setdefault(
            "help_text", "Nom de la commune ou code postal, par exemple « Dole » ou « 39100 »."
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "data-commune-autocomplete": reverse_lazy("reference:commune_suggestions"),
            }
        )
        return attrs

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return label(value)
        return value

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        try:
            return resolve(value)
        except AmbiguousCommune as error:
            too_many = error.total > len(error.candidates)
            raise forms.ValidationError(
                self.error_messages["too_many" if too_many else "ambiguous"],
                code="ambiguous",
                params={
                    "value": value,
                    "candidates": _listing(error.candidates),
                    "example": label(error.candidates[0]),
                    "total": error.total,
                },
            ) from None
        except CommuneNotFound as error:
            if error.suggestions:
                raise forms.ValidationError(
                    self.error_messages["did_you_mean"],
                    code="not_found",
                    params={"value": value, "candidates": _listing(error.suggestions)},
                ) from None
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"value": value}
            ) from None
