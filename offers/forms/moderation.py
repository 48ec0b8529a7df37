"""The moderator's decisions that carry a message to the host."""

from django import forms


def _message(label: str, help_text: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": required},
    )


class RejectForm(forms.Form):
    message = _message(
        "Motif du refus",
        "Envoyé par e-mail à la structure d'accueil.",
        "Indiquez le motif du refus.",
    )


class RequestChangesForm(forms.Form):
    message = _message(
        "Modifications à apporter",
        "Envoyé par e-mail à la structure d'accueil, qui pourra corriger son offre.",
        "Indiquez les modifications à apporter.",
    )


class RefuseRevisionForm(forms.Form):
    message = _message(
        "Motif du refus",
        "Envoyé par e-mail aux membres de la structure ; les informations validées "
        "restent affichées.",
        "Indiquez le motif du refus.",
    )
