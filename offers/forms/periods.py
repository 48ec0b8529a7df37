"""The offer's date ranges for the publics other than the seconde: at most six, each within
one school year, never in the past."""

import datetime

from django import forms

from reference.periods import school_year_bounds, school_year_of, seconde_period
from stages_bfc import french
from stages_bfc.forms import DateInput

from .. import audiences
from ..models import MAX_PLACES, Public

MAX_RANGES = 6
EMPTY_RANGE_ROWS = 2
PLACES_ERRORS = {
    "min_value": "Indiquez au moins 1 place.",
    "max_value": f"{MAX_PLACES} places au plus par période.",
    "invalid": "Indiquez un nombre de places, par exemple 2.",
}


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="Du",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Date au format jj/mm/aaaa."},
    )
    end = forms.DateField(
        label="Au",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Date au format jj/mm/aaaa."},
    )
    places = forms.IntegerField(
        label="Places",
        required=False,
        min_value=1,
        max_value=MAX_PLACES,
        error_messages=PLACES_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    @property
    def is_filled(self) -> bool:
        return any(self.data.get(self.add_prefix(name), "").strip() for name in self.fields)

    def clean(self):
        cleaned = super().clean()
        if not self.is_filled:
            return {}
        start, end = cleaned.get("start"), cleaned.get("end")
        for name, message in [
            ("start", "Indiquez la date de début."),
            ("end", "Indiquez la date de fin."),
            ("places", "Indiquez le nombre de places."),
        ]:
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, message)
        if start and start < self.today:
            self.add_error("start", "Cette date est passée.")
        if start and end:
            current_first, _ = school_year_bounds(self.today)
            if start >= current_first.replace(year=current_first.year + 2):
                # Checked first: a start in late 9999 has no school-year end to compare with.
                self.add_error(
                    "start",
                    "Proposez des dates de l'année scolaire en cours ou de la suivante.",
                )
                return cleaned
            _, last = school_year_bounds(start)
            if end < start:
                self.add_error("end", "La date de fin doit suivre la date de début.")
            elif end > last:
                self.add_error(
                    "end",
                    "La période doit tenir dans une seule année scolaire : elle se termine au "
                    f"plus tard le {french.date(last)}. Créez une seconde période pour la suite.",
                )
        return cleaned


class BasePeriodFormSet(forms.BaseFormSet):
    summary_label = "Période"
    default_error_messages = {"too_many_forms": "Indiquez %(num)d périodes au plus."}

    def __init__(self, *args, publics=(), **kwargs):
        self.publics = set(publics)
        super().__init__(*args, **kwargs)

    def filled_forms(self):
        return [form for form in self.forms if form.is_filled]

    def clean(self):
        if any(self.errors):
            return
        filled = self.filled_forms()
        for form in filled:
            self._check_seconde_weeks(form)
        if any(self.errors):
            return
        others = self.publics - {Public.SECONDE}
        if others and not filled:
            raise forms.ValidationError(
                "Indiquez au moins une période d'accueil (dates et places) pour les publics "
                "autres que la seconde."
            )
        if filled and self.publics and not others:
            raise forms.ValidationError(
                "Les élèves de seconde sont accueillis pendant la période nationale seulement : "
                "videz ces dates, ou cochez le public concerné."
            )

    def _check_seconde_weeks(self, form) -> None:
        """The seconde weeks are for seconde pupils only (offers.audiences)."""
        start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
        if not (start and end) or not audiences.meets_seconde_weeks(start, end):
            return
        national = seconde_period(school_year_of(start))
        weeks = french.date_range(national.start, national.end)
        if audiences.is_seconde_period(self.publics, start, end):
            form.add_error(
                "start",
                f"Ces dates sont celles des semaines de seconde ({weeks}) : choisissez-les "
                "plus haut, dans « Élèves de seconde ».",
            )
        elif self.publics & audiences.COLLEGE:
            form.add_error(
                "start",
                f"Les semaines de seconde ({weeks}) sont réservées aux élèves de seconde : "
                "proposez d'autres dates aux collégiens.",
            )


PeriodFormSet = forms.formset_factory(
    PeriodForm,
    formset=BasePeriodFormSet,
    extra=EMPTY_RANGE_ROWS,
    max_num=MAX_RANGES,
    validate_max=True,
)
