import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every field in a `.form-field` block: label, help, errors beside the field."""

    field_template_name = "forms/field.html"


class DateInput(forms.DateInput):
    """The project's one date input: the browser's date picker, which posts ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


SINGLE_LINE_MESSAGE = "Ce champ doit tenir sur une ligne, sans caractères de contrôle."


def validate_single_line(value: str) -> None:
    """Refuse line breaks, control characters and invisible format characters (bidi
    overrides, zero-width spaces) in a one-line text: a title or a name ends up in e-mail
    headers, the national push and the 1j1s feed, where none of them belongs."""
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="single_line")


class SingleLineCharField(forms.CharField):
    """The project's one-line text: titles, names. Checked on the form, so the columns
    (and their migrations) stay as they are."""

    default_validators = [validate_single_line]
