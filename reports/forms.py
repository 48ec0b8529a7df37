from django import forms

from .models import DETAILS_MAX_LENGTH, OfferReport, Reason

TOO_LONG = (
    "Vos précisions ne doivent pas dépasser %(limit_value)d caractères "
    "(elles en comptent %(show_value)d)."
)


class ReportForm(forms.ModelForm):
    class Meta:
        model = OfferReport
        fields = ["reason", "details"]
        labels = {"reason": "Motif du signalement", "details": "Précisions"}
        help_texts = {
            "details": (
                f"Obligatoire si vous choisissez « Autre », facultatif sinon "
                f"({DETAILS_MAX_LENGTH} caractères au plus). N'indiquez pas de données "
                "personnelles : la modération n'a pas besoin de vos coordonnées."
            )
        }
        widgets = {
            "reason": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "reason": {
                "required": "Choisissez le motif du signalement.",
                "invalid_choice": "Choisissez un motif dans la liste.",
            },
            "details": {"max_length": TOO_LONG},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list has no empty choice: one of the reasons must be picked.
        self.fields["reason"].choices = Reason.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Reason.OTHER and not cleaned.get("details"):
            self.add_error("details", "Précisez ce qui pose problème dans cette offre.")
        return cleaned


class DismissForm(forms.Form):
    note = forms.CharField(
        label="Note interne",
        help_text="Facultatif. Visible des seuls modérateurs.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class UnpublishForm(forms.Form):
    message = forms.CharField(
        label="Message à la structure d'accueil",
        help_text=(
            "Envoyé par e-mail : dites ce qui doit être corrigé. L'offre revient à la structure, "
            "qui pourra la modifier et la soumettre de nouveau."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Indiquez à la structure ce qui doit être corrigé."},
    )
