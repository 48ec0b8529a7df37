"""The employer's offer form: the offer itself, the seconde weeks and the other date ranges.

`OfferEditor` bundles the model form and the period formset so views stay thin: one
`is_valid()`, one `save()`. Everything works without JavaScript: the period formset always
shows a few empty rows, left empty when not needed.
"""

import datetime
import re

from django import forms
from django.db import transaction
from django.utils import timezone

from reference.models import Sector
from reference.periods import (
    SecondePeriod,
    french_day,
    french_range,
    school_year_of,
    seconde_period,
)

from .communes import CommuneField, label
from .models import MAX_PLACES, Offer, OfferPeriod, OfferTransition, Public, State
from .places import with_places_taken

MAX_RANGES = 6
EMPTY_RANGE_ROWS = 2
PLACES_ERRORS = {
    "min_value": "Indiquez au moins 1 place.",
    "max_value": f"{MAX_PLACES} places au plus par période.",
    "invalid": "Indiquez un nombre de places, par exemple 2.",
}


def coming_seconde_period(today: datetime.date) -> SecondePeriod:
    period = seconde_period(school_year_of(today))
    return period if period.end >= today else seconde_period(period.end.year + 1)


def seconde_options(period: SecondePeriod) -> dict[str, tuple[datetime.date, datetime.date]]:
    week1, week2 = period.weeks
    friday = datetime.timedelta(days=4)
    return {
        "week1": (week1, week1 + friday),
        "week2": (week2, week2 + friday),
        "both": (week1, week2 + friday),
    }


def school_year_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """1 September – 31 August of the school year that contains the day."""
    first = day.year if day.month >= 9 else day.year - 1
    return datetime.date(first, 9, 1), datetime.date(first + 1, 8, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class OfferForm(forms.ModelForm):
    publics = forms.MultipleChoiceField(
        label="Publics accueillis",
        choices=Public.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un public."},
    )
    sector = forms.ModelChoiceField(
        label="Secteur d'activité",
        queryset=Sector.objects.order_by("label"),
        empty_label="Choisir un secteur…",
        help_text="La liste nationale des secteurs, commune à toutes les plateformes de stage.",
        error_messages={"required": "Choisissez un secteur d'activité."},
    )
    commune = CommuneField(label="Commune du lieu de stage")
    accessible = forms.TypedChoiceField(
        label="Le lieu de stage est-il accessible aux élèves en situation de handicap ?",
        choices=[("oui", "Oui"), ("non", "Non")],
        coerce=lambda value: value == "oui",
        widget=forms.RadioSelect,
        error_messages={"required": "Répondez par oui ou par non."},
    )
    seconde_week = forms.ChoiceField(
        label="Semaines d'accueil des élèves de seconde",
        required=False,
        widget=forms.RadioSelect,
    )
    seconde_places = forms.IntegerField(
        label="Nombre d'élèves de seconde accueillis",
        required=False,
        min_value=1,
        max_value=MAX_PLACES,
        error_messages=PLACES_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "description",
            "sector",
            "publics",
            "street",
            "commune",
            "hours_start",
            "hours_end",
            "lunch_break",
            "accessible",
            "accessibility_details",
            "transport",
            "tutor_name",
            "tutor_email",
            "tutor_phone",
        ]
        labels = {
            "title": "Intitulé de l'offre",
            "description": "Ce que l'élève verra et fera",
            "street": "Adresse du lieu de stage (numéro et rue)",
            "hours_start": "Heure d'arrivée",
            "hours_end": "Heure de départ",
            "lunch_break": "Pause déjeuner",
            "accessibility_details": "Précisions sur l'accessibilité",
            "transport": "Venir en transports en commun",
            "tutor_name": "Nom du tuteur ou de la tutrice",
            "tutor_email": "E-mail du tuteur ou de la tutrice",
            "tutor_phone": "Téléphone du tuteur ou de la tutrice",
        }
        help_texts = {
            "title": "Par exemple « Découverte du métier de boulanger ».",
            "lunch_break": "Facultatif. Par exemple « 12 h – 13 h 30, cantine de l'entreprise ou repas tiré "
            "du sac ».",
            "accessibility_details": "Obligatoire si le lieu est accessible : accès de plain-pied, "
            "ascenseur, poste de travail adaptable…",
            "transport": "Facultatif : lignes de bus ou de tram, gare la plus proche.",
            "tutor_name": "Les coordonnées du tuteur ne sont jamais affichées publiquement : "
            "elles servent seulement à organiser le stage.",
            "tutor_email": "Jamais affiché publiquement.",
            "tutor_phone": "Facultatif. Jamais affiché publiquement.",
        }
        error_messages = {
            "title": {"required": "Donnez un intitulé à l'offre."},
            "description": {"required": "Décrivez ce que l'élève verra et fera."},
            "street": {"required": "Indiquez l'adresse du lieu de stage."},
            "hours_start": {
                "required": "Indiquez l'heure d'arrivée.",
                "invalid": "Heure au format 08:30.",
            },
            "hours_end": {
                "required": "Indiquez l'heure de départ.",
                "invalid": "Heure au format 17:00.",
            },
            "tutor_name": {"required": "Indiquez le nom du tuteur ou de la tutrice."},
            "tutor_email": {
                "required": "Indiquez l'e-mail du tuteur ou de la tutrice.",
                "invalid": "Adresse e-mail incomplète, par exemple nom@exemple.fr.",
            },
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "accessibility_details": forms.Textarea(attrs={"rows": 3}),
            "transport": forms.Textarea(attrs={"rows": 3}),
            "hours_start": TimeInput,
            "hours_end": TimeInput,
            "tutor_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "tutor_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, seconde: SecondePeriod, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.seconde = seconde
        self.seconde_period_id = None
        self.options = seconde_options(seconde)
        self.fields["seconde_week"].choices = [
            ("week1", f"Semaine 1 : {french_range(*self.options['week1'])}"),
            ("week2", f"Semaine 2 : {french_range(*self.options['week2'])}"),
            ("both", f"Les deux semaines : {french_range(*self.options['both'])}"),
        ]
        self.fields["seconde_week"].help_text = (
            "Les stages de seconde ont lieu pendant la période nationale, "
            f"{french_range(seconde.start, seconde.end)}. À remplir seulement si vous "
            "accueillez des élèves de seconde."
        )
        for name in ("hours_start", "hours_end"):
            self.fields[name].required = True
        instance = self.instance
        if instance.pk:
            self.initial["commune"] = label(instance.commune)
            self.initial["accessible"] = "oui" if instance.accessible else "non"
            self.initial.update(self._seconde_initial(instance))
        elif organisation is not None:
            self.initial["street"] = self.initial.get("street") or organisation.street
            self.initial["commune"] = self.initial.get("commune") or label(organisation.commune)

    def _seconde_initial(self, offer):
        if Public.SECONDE not in offer.publics:
            return {}
        for period in offer.periods.all():
            for key, (start, end) in self.options.items():
                if (period.start, period.end) == (start, end):
                    self.seconde_period_id = period.pk
                    return {"seconde_week": key, "seconde_places": period.places}
        return {}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("hours_start"), cleaned.get("hours_end")
        if start and end and end <= start:
            self.add_error("hours_end", "L'heure de départ doit suivre l'heure d'arrivée.")
        if cleaned.get("accessible") and not cleaned.get("accessibility_details", "").strip():
            self.add_error(
                "accessibility_details",
                "Précisez ce qui rend le lieu accessible, pour que les familles puissent "
                "s'organiser.",
            )
        if Public.SECONDE in cleaned.get("publics", []):
            if not cleaned.get("seconde_week"):
                self.add_error(
                    "seconde_week", "Choisissez la ou les semaines d'accueil des élèves de seconde."
                )
            if cleaned.get("seconde_places") is None and "seconde_places" not in self.errors:
                self.add_error("seconde_places", "Indiquez combien d'élèves de seconde.")
        else:
            cleaned["seconde_week"], cleaned["seconde_places"] = "", None
            self.errors.pop("seconde_places", None)
            self.errors.pop("seconde_week", None)
        return cleaned

    def seconde_dates(self):
        key = self.cleaned_data.get("seconde_week")
        if not key:
            return None
        start, end = self.options[key]
        return start, end, self.cleaned_data["seconde_places"]


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
                    f"plus tard le {french_day(last)}. Créez une seconde période pour la suite.",
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


PeriodFormSet = forms.formset_factory(
    PeriodForm,
    formset=BasePeriodFormSet,
    extra=EMPTY_RANGE_ROWS,
    max_num=MAX_RANGES,
    validate_max=True,
)


class PlacesTakenMeanwhile(Exception):
    """A pupil was accepted on a period between validation and saving."""


class OfferEditor:
    """The offer form and its periods, validated and saved together."""

    prefix = "periodes"
    row_key = re.compile(r"periodes-([0-9]{1,4})-(?:start|end|places)")

    def __init__(self, data=None, *, instance: Offer | None = None, organisation=None, today=None):
        self.today = today or timezone.localdate()
        self.instance = instance or Offer()
        if data is not None:
            data = self._with_row_counters(data)
        self.organisation = organisation
        self.form = OfferForm(
            data,
            instance=self.instance,
            organisation=organisation,
            seconde=coming_seconde_period(self.today),
        )
        initial = [
            {"start": p.start, "end": p.end, "places": p.places}
            for p in (self.instance.periods.all() if self.instance.pk else [])
            if p.pk != self.form.seconde_period_id
        ]
        publics = data.getlist("publics") if data is not None else self.instance.publics or []
        self.periods = PeriodFormSet(
            data,
            initial=initial,
            prefix=self.prefix,
            publics=publics,
            form_kwargs={"today": self.today},
        )
        # An edited offer shows its periods plus a few empty rows; a new one, three rows.
        self.periods.extra = EMPTY_RANGE_ROWS if initial else 3

    def _with_row_counters(self, data):
        """Period rows posted without usable counters (a stale page, a proxy, a hand-made
        request) are counted from the rows sent: what was typed is checked and shown again,
        rather than dropped with an error the person cannot fix."""
        total = data.get(f"{self.prefix}-TOTAL_FORMS", "")
        initial = data.get(f"{self.prefix}-INITIAL_FORMS", "")
        counted = re.fullmatch("[0-9]{1,2}", total) and re.fullmatch("[0-9]{1,2}", initial)
        if counted and int(initial) <= int(total) <= MAX_RANGES:
            return data
        rows = [int(match[1]) for key in data if (match := self.row_key.fullmatch(key))]
        data = data.copy()
        # One row over the limit is enough for the "too many periods" error.
        data[f"{self.prefix}-TOTAL_FORMS"] = str(min(max(rows, default=-1) + 1, MAX_RANGES + 1))
        data[f"{self.prefix}-INITIAL_FORMS"] = "0"
        return data

    def is_valid(self) -> bool:
        form_valid = self.form.is_valid()
        periods_valid = self.periods.is_valid()
        if not (form_valid and periods_valid):
            return False
        return self._periods_are_distinct() and self._keeps_taken_places()

    def _periods_are_distinct(self) -> bool:
        """Two periods with the same dates would be saved as one: the places of one lost."""
        dates = [(start, end) for start, end, _ in self.period_values()]
        for start, end in sorted({d for d in dates if dates.count(d) > 1}):
            self.form.add_error(
                None,
                f"Deux périodes vont du {start:%d/%m/%Y} au {end:%d/%m/%Y} : gardez-en une, "
                "avec toutes ses places.",
            )
        return len(set(dates)) == len(dates)

    def _keeps_taken_places(self) -> bool:
        """Places already given to pupils cannot be taken back by an edit."""
        if not self.instance.pk:
            return True
        wanted = {(start, end): places for start, end, places in self.period_values()}
        for period in with_places_taken(self.instance.periods.all()):
            if (
                period.places_taken
                and wanted.get((period.start, period.end), 0) < period.places_taken
            ):
                self.form.add_error(
                    None,
                    f"La période du {period.start:%d/%m/%Y} au {period.end:%d/%m/%Y} a déjà "
                    f"{period.places_taken} élève(s) accepté(s) : gardez-la, avec au moins "
                    "autant de places.",
                )
                return False
        return True

    def period_values(self) -> list[tuple[datetime.date, datetime.date, int]]:
        values = []
        if seconde := self.form.seconde_dates():
            values.append(seconde)
        values += [
            (form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["places"])
            for form in self.periods.filled_forms()
        ]
        return sorted(values)

    def has_changed(self) -> bool:
        if self.form.has_changed():
            return True
        if not self.instance.pk:
            return True
        saved = sorted((p.start, p.end, p.places) for p in self.instance.periods.all())
        return saved != self.period_values()

    def save(self, actor=None) -> Offer:
        """Write the offer and replace its periods; a new offer starts as a draft.

        The offer row is locked first, as an acceptance locks it (placements.services), and
        the places taken are checked again under that lock: a pupil accepted since
        `is_valid()` keeps their place (PlacesTakenMeanwhile, nothing written)."""
        with transaction.atomic():
            if self.instance.pk:
                Offer.objects.select_for_update().filter(pk=self.instance.pk).exists()
                if not self._keeps_taken_places():
                    raise PlacesTakenMeanwhile
            offer = self.form.save(commit=False)
            if not offer.pk:
                offer.organisation = self.organisation
            if offer.pk:
                offer.save(update_fields=[*OfferForm.Meta.fields, "updated_at"])
            else:
                offer.save()
                OfferTransition.objects.create(
                    offer=offer,
                    actor=actor,
                    source=State.DRAFT,
                    target=State.DRAFT,
                    message="Offre créée",
                )
            self._save_periods(offer)
        return offer

    def _save_periods(self, offer: Offer) -> None:
        """Keep the rows whose dates stay (applications point at them), update their places,
        add the new ones and delete the removed ones."""
        wanted = {(start, end): places for start, end, places in self.period_values()}
        # Read again under the offer's lock, not from the instance's prefetched rows.
        for period in OfferPeriod.objects.filter(offer=offer):
            places = wanted.pop((period.start, period.end), None)
            if places is None:
                period.delete()
            elif places != period.places:
                period.places = places
                period.save(update_fields=["places"])
        OfferPeriod.objects.bulk_create(
            OfferPeriod(offer=offer, start=start, end=end, places=places)
            for (start, end), places in wanted.items()
        )
