from django import forms
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
