"""The dashboard's filters: the query string, cleaned once into a typed `Filters`.

A wrong value (an unknown department, a year without figures) is dropped with a French
notice, never a 500. Which figures each filter narrows is said on the page
(`APPLIES_TO`): the pupils' figures follow their school, the offers' figures their place.
"""

from dataclasses import dataclass, fields

from django import forms

from offers.models import Public
from organisations.models import Organisation
from placements.levels import Level
from reference.models import Department, School, Sector

ANY = [("", "Toutes")]

APPLIES_TO = {
    "department": "offres (lieu du stage) et élèves (établissement)",
    "academy": "offres (lieu du stage) et élèves (établissement)",
    "school_kind": "élèves",
    "level": "élèves",
    "sector": "offres et stages",
    "host_type": "offres et stages",
    "public": "offres",
}


@dataclass(frozen=True)
class Filters:
    school_year: int
    department: str = ""
    academy: str = ""
    school_kind: str = ""
    level: str = ""
    sector: str = ""
    host_type: str = ""
    public: str = ""

    def active(self) -> dict[str, str]:
        """The filters set, school year aside (every figure is of one school year)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "school_year" and getattr(self, f.name)
        }

    def without(self, name: str) -> "Filters":
        return Filters(**{**self.__dict__, name: ""})


class FiltersForm(forms.Form):
    annee = forms.TypedChoiceField(label="Année scolaire", coerce=int, required=False)
    departement = forms.ChoiceField(label="Département", required=False)
    academie = forms.ChoiceField(label="Académie", required=False)
    type_etablissement = forms.ChoiceField(
        label="Type d'établissement", required=False, choices=ANY + School.Kind.choices
    )
    niveau = forms.ChoiceField(label="Niveau", required=False, choices=ANY + Level.choices)
    secteur = forms.ChoiceField(label="Secteur", required=False)
    type_structure = forms.ChoiceField(
        label="Type de structure", required=False, choices=ANY + Organisation.HostType.choices
    )
    public = forms.ChoiceField(label="Public", required=False, choices=ANY + Public.choices)

    NAMES = {
        "departement": "department",
        "academie": "academy",
        "type_etablissement": "school_kind",
        "niveau": "level",
        "secteur": "sector",
        "type_structure": "host_type",
        "public": "public",
    }

    def __init__(self, data, *, years: list[int], default_year: int):
        super().__init__(data)
        self.default_year = default_year
        self.fields["annee"].choices = [(y, f"{y - 1}-{y}") for y in years]
        departments = list(Department.objects.values_list("code", "name", "academy"))
        self.fields["departement"].choices = ANY + [
            (code, f"{name} ({code})") for code, name, _ in departments
        ]
        academies = sorted({academy for *_, academy in departments})
        self.fields["academie"].choices = ANY + [(a, a) for a in academies]
        self.fields["secteur"].choices = ANY + list(
            Sector.objects.order_by("label").values_list("code", "label")
        )
        self.labels = {name: dict(self.fields[name].choices) for name in ["annee", *self.NAMES]}

    def filters(self) -> tuple[Filters, list[str]]:
        """The cleaned filters, and a French notice for each value that was dropped."""
        self.is_valid()
        notices = [
            f"{self.fields[name].label} : valeur inconnue, filtre ignoré." for name in self.errors
        ]
        data = getattr(self, "cleaned_data", {})
        values = {
            attr: data.get(name) or ""
            for name, attr in self.NAMES.items()
            if name not in self.errors
        }
        year = data.get("annee") if "annee" not in self.errors else None
        return Filters(school_year=year or self.default_year, **values), notices

    def described(self, filters: Filters) -> list[tuple[str, str]]:
        """(label, value) of each active filter, for the page and the exports."""
        out = [("Année scolaire", f"{filters.school_year - 1}-{filters.school_year}")]
        for name, attr in self.NAMES.items():
            value = getattr(filters, attr)
            if value:
                out.append((self.fields[name].label, self.labels[name].get(value, value)))
        return out
