"""The offer itself: its texts, place, hours, tutor, publics and the seconde weeks."""

from django import forms

from reference.communes import CommuneField, label
from reference.models import Sector
from reference.periods import SecondePeriod
from reference.sectors import suggested_sector
from stages_bfc import french
from stages_bfc.forms import SingleLineCharField, TimeInput

from ..models import MAX_PLACES, Offer, Public
from .periods import PLACES_ERRORS

# The national platform (1élève1stage) refuses a longer street; it receives 4e, 3e and
# seconde offers, so the limit is checked here rather than found after moderation.
NATIONAL_STREET_MAX = 200
NATIONAL_PUBLICS = {Public.QUATRIEME, Public.TROISIEME, Public.SECONDE}


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
        field_classes = {
            name: SingleLineCharField
            for name in ("title", "street", "lunch_break", "tutor_name", "tutor_phone")
        }
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
        self.options = seconde.options()
        self.fields["seconde_week"].choices = [
            ("week1", f"Semaine 1 : {french.date_range(*self.options['week1'])}"),
            ("week2", f"Semaine 2 : {french.date_range(*self.options['week2'])}"),
            ("both", f"Les deux semaines : {french.date_range(*self.options['both'])}"),
        ]
        self.fields["seconde_week"].help_text = (
            "Les stages de seconde ont lieu pendant la période nationale, "
            f"{french.date_range(seconde.start, seconde.end)}. À remplir seulement si vous "
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
            # The register's activity code of the host (organisations.checks) suggests one.
            self.initial["sector"] = self.initial.get("sector") or suggested_sector(
                organisation.activity_code
            )

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
        street = cleaned.get("street") or ""
        if len(street) > NATIONAL_STREET_MAX and NATIONAL_PUBLICS & set(cleaned.get("publics", [])):
            self.add_error(
                "street",
                f"L'adresse compte {len(street)} caractères : pour les offres aux collégiens et "
                f"aux secondes, la plateforme nationale en accepte {NATIONAL_STREET_MAX} au "
                "plus. Gardez le numéro et la rue.",
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
