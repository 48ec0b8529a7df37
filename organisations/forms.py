from django import forms

from reference.communes import CommuneField, label
from stages_bfc.forms import SingleLineCharField

from .models import Invitation, Membership, Organisation
from .validators import validate_siret


class OrganisationForm(forms.ModelForm):
    siret = forms.CharField(
        label="Numéro SIRET",
        max_length=20,
        help_text="14 chiffres, sur votre avis de situation INSEE ou sur annuaire-entreprises.data.gouv.fr.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    commune = CommuneField()

    class Meta:
        model = Organisation
        fields = ["name", "siret", "host_type", "street", "commune", "description", "website"]
        field_classes = {"name": SingleLineCharField, "street": SingleLineCharField}
        labels = {"name": "Nom de la structure", "street": "Adresse (numéro et rue)"}
        help_texts = {
            "description": "Quelques lignes lues par les élèves et leurs familles.",
            "website": "Facultatif, par exemple https://www.exemple.fr",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["commune"] = label(self.instance.commune)
        self.fields["host_type"].choices = [("", "Choisir…"), *Organisation.HostType.choices]

    def clean_siret(self):
        siret = "".join(self.cleaned_data["siret"].split())
        validate_siret(siret)
        if Organisation.objects.filter(siret=siret).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                "Cette structure est déjà inscrite : demandez à l'un de ses membres de vous "
                "inviter.",
                code="unique",
            )
        return siret


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail de la personne à inviter",
        max_length=254,  # Invitation.email's column
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = (
            "Elle recevra un lien pour rejoindre la structure, valable "
            f"{Invitation.VALIDITY.days} jours."
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("Cette personne fait déjà partie de votre structure.")
        return email


class EmailRhythmForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["email_rhythm"]
        labels = {"email_rhythm": "Quand voulez-vous être prévenu(e) des nouvelles candidatures ?"}
        help_texts = {
            "email_rhythm": "Quel que soit votre choix, un rappel vous parvient si une candidature "
            "attend depuis 7 jours : sans réponse, elle est close une semaine plus tard."
        }
        widgets = {"email_rhythm": forms.RadioSelect}
