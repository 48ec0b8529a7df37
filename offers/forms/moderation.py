"""The moderator's decisions that carry a message to the host."""

from django import forms


class RejectForm(forms.Form):
    message = forms.CharField(
        label="Motif du refus",
        help_text="Envoyé par e-mail à la structure d'accueil.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus."},
    )


class RequestChangesForm(forms.Form):
    message = forms.CharField(
        label="Modifications à apporter",
        help_text="Envoyé par e-mail à la structure d'accueil, qui pourra corriger son offre.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Indiquez les modifications à apporter."},
    )


class RefuseRevisionForm(forms.Form):
    message = forms.CharField(
        label="Motif du refus",
        help_text="Envoyé par e-mail aux membres de la structure ; les informations validées "
        "restent affichées.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif du refus."},
    )
