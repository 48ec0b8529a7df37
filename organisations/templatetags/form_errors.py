"""`{% error_summary form formset … %}`: the list of errors at the top of a page, each a link
to its field, as the French state design system (DSFR) and GOV.UK recommend."""

from django import forms, template

register = template.Library()


def _entries(form: forms.BaseForm, prefix: str = ""):
    for message in form.non_field_errors():
        yield {"href": "", "label": prefix.rstrip(" :–"), "message": message}
    for name, errors in form.errors.items():
        if name == forms.forms.NON_FIELD_ERRORS:
            continue
        field = form[name]
        anchor = field.id_for_label or f"{field.auto_id}_0"
        for message in errors:
            yield {"href": f"#{anchor}", "label": f"{prefix}{field.label}", "message": message}


@register.inclusion_tag("organisations/_error_summary.html")
def error_summary(*items):
    entries = []
    for item in items:
        if item is None or item == "":
            continue
        if isinstance(item, forms.BaseFormSet):
            for message in item.non_form_errors():
                entries.append({"href": "", "label": "", "message": message})
            for index, form in enumerate(item.forms, start=1):
                prefix = getattr(item, "summary_label", "Ligne") + f" {index} – "
                entries.extend(_entries(form, prefix))
        else:
            entries.extend(_entries(item))
    return {"entries": entries}
