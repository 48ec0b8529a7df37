from django import forms
from django.core.exceptions import ValidationError

from stages_bfc import french
from stages_bfc.forms import DateInput, SingleLineCharField

from .models import DeclineReason, ExternalPlacement, Gender


class ApplyForm(forms.Form):
    period = forms.TypedChoiceField(
        label="Période souhaitée", coerce=int, widget=forms.RadioSelect, empty_value=None
    )
    motivation = forms.CharField(
        label="Votre motivation (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="En quelques phrases : pourquoi ce stage vous intéresse. 1 000 caractères au plus.",
    )

    def __init__(self, *args, periods, refusals=None, **kwargs):
        """`periods`: (period, places left) open to the pupil; `refusals`: period pk -> why
        another period of the offer is not (placements.eligibility)."""
        super().__init__(*args, **kwargs)
        self.refusals = refusals or {}
        self.periods = {period.pk: period for period, _ in periods}
        self.fields["period"].choices = [
            (
                period.pk,
                f"{french.date_range(period.start, period.end)} : "
                f"{left} place{'s' if left > 1 else ''} restante{'s' if left > 1 else ''}",
            )
            for period, left in periods
        ]
        self.fields["period"].error_messages["invalid_choice"] = (
            "Choisissez une des périodes proposées."
        )
        self.fields["period"].error_messages["required"] = "Choisissez une période."

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]

    def clean(self):
        cleaned = super().clean()
        posted = str(self.data.get("period", ""))
        if "period" in self.errors and posted.isdecimal() and int(posted) in self.refusals:
            self.errors["period"] = self.error_class([self.refusals[int(posted)]])
        return cleaned


class JoinForm(forms.Form):
    code = forms.CharField(
        label="Code de la classe",
        max_length=20,
        help_text="Le code à 6 caractères donné par votre enseignant ou enseignante.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PupilLoginForm(forms.Form):
    class_code = forms.CharField(
        label="Code de la classe",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    personal_code = forms.CharField(
        label="Code personnel",
        max_length=20,
        help_text="Le code à 8 caractères que votre enseignant vous a remis, par exemple ABCD-EFGH.",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class ExternalPlacementForm(forms.ModelForm):
    class Meta:
        model = ExternalPlacement
        fields = ["host_name", "commune", "start", "end"]
        field_classes = {"host_name": SingleLineCharField, "commune": SingleLineCharField}
        widgets = {
            "start": DateInput,
            "end": DateInput,
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", ValidationError("La fin du stage précède son début."))
        return cleaned


class ClassForm(forms.Form):
    name = SingleLineCharField(
        label="Nom de la classe", max_length=60, help_text="Par exemple : 2de B."
    )
    school_year = forms.TypedChoiceField(label="Année scolaire", coerce=int)

    def __init__(self, *args, current_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [
            (year, f"{year - 1}-{year}") for year in (current_year, current_year + 1)
        ]


class PupilNamesForm(forms.Form):
    names = forms.CharField(
        label="Élèves, un par ligne",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
        help_text="« Prénom Nom », ou « Nom ; Prénom » copié d'un tableur. Aucune adresse e-mail "
        "n'est demandée : chaque élève reçoit un code personnel pour se connecter.",
    )


class MessageForm(forms.Form):
    message = forms.CharField(
        label="Message à l'élève (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Motif du refus",
        choices=[("", "Choisissez un motif"), *DeclineReason.choices],
        error_messages={
            "required": "Choisissez le motif du refus dans la liste.",
            "invalid_choice": "Choisissez le motif du refus dans la liste.",
        },
    )
    message = forms.CharField(
        label="Précisions pour l'élève (facultatif)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Le message dépasse 1 000 caractères."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == DeclineReason.OTHER and not cleaned.get("message", "").strip():
            self.add_error("message", "Précisez la raison du refus pour l'élève.")
        return cleaned

    def first_error(self) -> str:
        return next(iter(e for errors in self.errors.values() for e in errors))


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'annulation",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InboxFilterForm(forms.Form):
    """The inbox's filters (GET): an unknown value is a French message, never a 500."""

    offre = forms.ModelChoiceField(
        label="Offre",
        queryset=None,
        required=False,
        empty_label="Toutes les offres",
        error_messages={
            "invalid_choice": "Cette offre n'est pas dans la liste : choisissez-en une."
        },
    )
    periode = forms.ChoiceField(
        label="Période",
        required=False,
        error_messages={
            "invalid_choice": "Cette période n'est pas dans la liste : choisissez-en une."
        },
    )
    etat = forms.ChoiceField(
        label="État",
        required=False,
        error_messages={"invalid_choice": "Cet état n'est pas dans la liste : choisissez-en un."},
    )

    def __init__(self, *args, offers, periods, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offre"].queryset = offers
        self.fields["periode"].choices = [("", "Toutes les périodes"), *periods]
        self.fields["etat"].choices = [("", "Tous les états"), *states]

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (its error is shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "offer": cleaned.get("offre"),
            "period": cleaned.get("periode", ""),
            "state": cleaned.get("etat", ""),
        }


class ProfileForm(forms.Form):
    """The two optional questions of the pupil's profile (for aggregated figures only)."""

    gender = forms.ChoiceField(
        label="Vous êtes",
        choices=[("", "Je ne réponds pas pour l'instant"), *Gender.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    needs_accessible_place = forms.TypedChoiceField(
        label="Avez-vous besoin d'un lieu de stage accessible (situation de handicap) ?",
        choices=[("", "Je ne souhaite pas répondre"), ("oui", "Oui"), ("non", "Non")],
        coerce=lambda value: value == "oui",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
