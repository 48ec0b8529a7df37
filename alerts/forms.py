from django import forms

from placements.models import SchoolClass


class SaveSearchForm(forms.Form):
    name = forms.CharField(
        label="Nom de l'alerte",
        max_length=80,
        required=False,
        help_text="Facultatif : sans nom, l'alerte porte le résumé de la recherche.",
    )
    school_class = forms.ModelChoiceField(
        label="Pour une classe",
        queryset=SchoolClass.objects.none(),
        required=False,
        empty_label="Non, pour moi",
        help_text="Vous recevez les alertes et obtenez un lien à partager avec la classe.",
    )
    # The search's query string, cleaned again when saved (never stored as typed).
    recherche = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        classes = SchoolClass.objects.for_teacher(user).order_by("-school_year", "name")
        if user.works_at_school and classes.exists():
            self.fields["school_class"].queryset = classes
        else:
            del self.fields["school_class"]
