from django import forms
from django.forms.utils import ErrorDict

from reference.communes import CommuneField, label
from reference.models import Commune
from stages_bfc.forms import SingleLineCharField

from . import checks
from .models import Invitation, Membership, Organisation
from .register import RegisterError, RegisterUnavailable, UnknownSiret
from .validators import validate_siret

# Filled from the register when left empty (or by its button): required after the lookup.
FROM_REGISTER = ("name", "host_type", "street", "commune")
FILLED = (
    "Nous avons rempli le nom, le type et l'adresse d'après le répertoire des entreprises : "
    "vérifiez-les (le nom affiché sur vos offres peut être votre nom d'usage), complétez la "
    "présentation, puis créez la structure."
)
NOT_NOW = (
    f"{RegisterUnavailable.message} Remplissez le nom, le type et l'adresse vous-même : rien "
    "de ce que vous saisissez n'est perdu."
)


class OrganisationForm(forms.ModelForm):
    siret = forms.CharField(
        label="Numéro SIRET",
        max_length=20,
        help_text="14 chiffres, sur votre avis de situation INSEE ou sur "
        "annuaire-entreprises.data.gouv.fr. Le nom et l'adresse peuvent en être remplis.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    commune = CommuneField()

    class Meta:
        model = Organisation
        fields = ["siret", "name", "host_type", "street", "commune", "description", "website"]
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
        for name in FROM_REGISTER:
            self.fields[name].required = False  # until the register had its say (clean)
        self.register_notice = ""
        self.looked_up = False
        self.establishment = None

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

    def clean(self):
        data = super().clean()
        siret = data.get("siret")
        if siret and (siret != self.instance.siret or not self.instance.pk):
            self._check_register(siret, data)
        for name in FROM_REGISTER:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        return data

    def _check_register(self, siret: str, data: dict) -> None:
        try:
            establishment = checks.lookup(siret)
        except UnknownSiret as refusal:
            self.add_error("siret", refusal.message)
            return
        self.looked_up, self.establishment = True, establishment
        if establishment is None:
            return  # accepted "à vérifier": beat asks again
        if not establishment.active:
            self.add_error("siret", establishment.closed_message)
            return
        values = checks.form_values(establishment)
        for name in ("name", "street"):
            data[name] = data.get(name) or values[name]
        if not data.get("commune") and values["commune"]:
            data["commune"] = Commune.objects.get(pk=establishment.commune_insee)
        registered = values["host_type"]
        if registered in Organisation.PUBLIC_HOST_TYPES or not data.get("host_type"):
            data["host_type"] = registered  # a public body's legal category decides
        elif data["host_type"] in Organisation.PUBLIC_HOST_TYPES:
            self.add_error(
                "host_type",
                "D'après le répertoire des entreprises, cette structure relève du droit privé "
                f"(catégorie juridique {establishment.legal_category}) : choisissez "
                "« Entreprise » ou « Association ».",
            )

    def save(self, commit=True):
        if self.looked_up:
            checks.apply(self.instance, self.establishment)
        return super().save(commit)

    def filled_from_register(self) -> "OrganisationForm":
        """The lookup button: a new form bound to what was typed, with the register's name,
        type and address in place; only the SIRET's errors are shown."""
        data = self.data.copy()
        notice = ""
        try:
            establishment = checks.lookup(data.get("siret", ""))
        except RegisterError:
            establishment = None  # the new form's SIRET field says why
        else:
            notice = NOT_NOW if establishment is None else ""
        if establishment is not None and establishment.active:
            data.update({k: v for k, v in checks.form_values(establishment).items() if v})
            notice = FILLED
        form = type(self)(data, instance=self.instance)
        form.full_clean()
        form._errors = ErrorDict({k: v for k, v in form.errors.items() if k == "siret"})
        form.register_notice = "" if "siret" in form.errors else notice
        return form


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
