"""The convention's forms: the school's and host's part (teacher), the family's part
(pupil or teacher), and the school's settings and clauses."""

import datetime

from django import forms
from django.utils import timezone

from stages_bfc.forms import DateInput, SingleLineCharField, TimeInput

from . import amendments, paper
from .models import Convention, SchoolClauses, SchoolSettings

ONE_LINE = [
    "host_name",
    "host_address",
    "place_address",
    "host_signatory_name",
    "tutor_name",
    "school_address",
    "head_name",
    "teacher_name",
    "postal_address",
    "guardian_name",
    "insurance",
]


def _one_line(fields):
    return {name: SingleLineCharField for name in fields if name in ONE_LINE}


class ConventionForm(forms.ModelForm):
    """What the school and the host complete; the teacher types it for both."""

    # Typed with spaces as printed on a Kbis ("123 456 789 00012"): 14 digits once cleaned.
    host_siret = forms.CharField(label="SIRET", max_length=20, required=False)

    class Meta:
        model = Convention
        fields = [
            "host_name",
            "host_siret",
            "host_address",
            "place_address",
            "host_signatory_name",
            "host_signatory_email",
            "tutor_name",
            "tutor_email",
            "activities",
            "start",
            "end",
            "hours_start",
            "hours_end",
            "break_minutes",
            "days_per_week",
            "school_address",
            "head_name",
            "head_email",
            "teacher_name",
            "teacher_email",
        ]
        field_classes = _one_line(fields)
        widgets = {
            "start": DateInput,
            "end": DateInput,
            "hours_start": TimeInput,
            "hours_end": TimeInput,
            "activities": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "host_siret": "14 chiffres, sans espace.",
            "break_minutes": "La pause du midi, en minutes (30 au moins au-delà de 4 h 30).",
        }

    def clean_host_siret(self):
        siret = "".join(self.cleaned_data["host_siret"].split())
        if siret and not (siret.isdigit() and len(siret) == 14):
            raise forms.ValidationError("Le SIRET compte 14 chiffres.")
        return siret

    def clean_days_per_week(self):
        days = self.cleaned_data["days_per_week"]
        if not 1 <= days <= 7:
            raise forms.ValidationError("Indiquez un nombre de jours entre 1 et 7.")
        return days

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "La date de fin doit suivre la date de début.")
        arrive, leave = data.get("hours_start"), data.get("hours_end")
        if arrive and leave and leave <= arrive:
            self.add_error("hours_end", "L'heure de départ doit suivre l'heure d'arrivée.")
        return data


class AmendmentForm(ConventionForm):
    """An amendment changes the dates and hours only; the rest is what was signed."""

    host_siret = None

    class Meta(ConventionForm.Meta):
        fields = amendments.CHANGEABLE


class FamilyForm(forms.ModelForm):
    """What only the family knows, asked once, when the convention needs it."""

    class Meta:
        model = Convention
        fields = [
            "pupil_email",
            "birth_date",
            "postal_address",
            "guardian_name",
            "guardian_email",
            "insurance",
        ]
        field_classes = _one_line(fields)
        widgets = {"birth_date": DateInput}
        help_texts = {
            "pupil_email": "L'élève y reçoit son lien de signature.",
            "guardian_email": "Le représentant légal y reçoit son lien de signature.",
            "insurance": "L'assureur et le numéro du contrat de responsabilité civile.",
        }

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if born and not (today - datetime.timedelta(days=80 * 366) < born < today):
            raise forms.ValidationError("Indiquez une date de naissance valable (jj/mm/aaaa).")
        return born


class SchoolSettingsForm(forms.ModelForm):
    class Meta:
        model = SchoolSettings
        fields = ["address", "head_name", "head_email"]
        field_classes = {"address": SingleLineCharField, "head_name": SingleLineCharField}


class ClausesForm(forms.ModelForm):
    class Meta:
        model = SchoolClauses
        fields = ["level", "approved_on", "text"]
        widgets = {"approved_on": DateInput, "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = levels

    def clean_approved_on(self):
        approved = self.cleaned_data["approved_on"]
        if approved > timezone.localdate():
            raise forms.ValidationError("La date d'approbation ne peut pas être à venir.")
        return approved


class PaperForm(forms.Form):
    """The scan of a convention signed on paper, and who checked its signatures."""

    scan = forms.FileField(
        label="Scan de la convention signée",
        help_text="PDF, JPEG ou PNG, 10 Mo au plus, toutes les pages.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    checked_by = SingleLineCharField(label="Signatures vérifiées par", max_length=150)
    confirmed = forms.BooleanField(
        label="J'ai vérifié que la convention porte la signature de chacune des parties.",
        error_messages={"required": "Cochez la case après avoir vérifié les signatures."},
    )

    def clean_scan(self):
        try:
            return paper.read(self.cleaned_data["scan"])
        except paper.ScanError as error:
            raise forms.ValidationError(str(error)) from error
