from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every field in a `.form-field` block: label, help, errors beside the field."""

    field_template_name = "forms/field.html"
