"""The search form's inputs and selects written in Python.

Nine widgets through Django's widget templates cost 2.6 ms a page. This renderer writes
the same markup from the same widget context (tests/search/test_widgets.py compares the
two); any other template goes to the project's renderer.
"""

from django.utils.html import conditional_escape, escape

from stages_bfc.forms import FormRenderer

WIDGETS = "django/forms/widgets/"
INPUTS = {f"{WIDGETS}{name}.html" for name in ("text", "date", "checkbox", "input")}


def _attrs(attrs: dict) -> str:
    # As attrs.html: False drops the attribute, True writes its name alone.
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
    name, kind = escape(widget["name"]), escape(widget["type"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>\n'


def _option(option: dict) -> str:
    value = escape(str(option["value"]))
    label = conditional_escape(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n'


def _select(widget: dict) -> str:
    html = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        html.extend(f"\n  {_option(option)}" for option in options)
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>\n")
    return "".join(html)


class SearchFormRenderer(FormRenderer):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == f"{WIDGETS}select.html":
            return _select(context["widget"])
        return super().render(template_name, context, request)
