"""The moderator's decisions that carry a message to the host."""

from django import forms

from ..models import Offer


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


class PriorityForm(forms.ModelForm):
    """Region staff mark offers aimed at pupils of REP schools or QPV districts."""

    class Meta:
        model = Offer
        fields = ["priority_rep", "priority_qpv"]
        labels = {
            "priority_rep": "En priorité pour les élèves des établissements REP ou REP+",
            "priority_qpv": "En priorité pour les élèves des quartiers prioritaires (QPV)",
        }


class RefuseRevisionForm(forms.Form):
    message = _message(
        "Motif du refus",
        "Envoyé par e-mail aux membres de la structure ; les informations validées "
        "restent affichées.",
        "Indiquez le motif du refus.",
    )
