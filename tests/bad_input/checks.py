"""What every bad-input test checks: the French messages, the error list beside a field,
what an edit could change."""

import html
import re

from django.forms.models import model_to_dict

from offers.models import Offer

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
NUL = "Le caractère nul n’est pas autorisé."
REQUIRED = "Ce champ est obligatoire."
HUGE = 100_000
PASSWORD = "Grenouille-du-Doubs-2025"


def too_long(limit, length=None):
    return (
        f"Assurez-vous que cette valeur comporte au plus {limit} caractères "
        f"(actuellement {length or limit + 1})."
    )


def errors_beside(response, field_id):
    """The messages of the error list tied to the field (its id is in aria-describedby)."""
    content = response.content.decode()
    found = re.search(
        rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', content, re.S
    )
    assert found, f"no error list beside #{field_id}"
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", found[1], re.S)]


def assert_refused(response, field_id, message, typed=None):
    assert response.status_code == 200
    assert message in errors_beside(response, field_id)
    if typed:
        assert html.escape(typed) in response.content.decode(), "typed value not shown again"


def snapshot(offer):
    """Everything an edit could change: the offer's fields, periods, state and history."""
    offer = Offer.objects.get(pk=offer.pk)
    return (
        model_to_dict(offer),
        offer.state,
        list(offer.periods.values_list("start", "end", "places")),
        offer.transitions.count(),
    )


# Places outside the region, typed as people would.
OUTSIDE = ["Paris", "75001", "Lyon", "69001", "Besançon (75)", "zzqxwv kplm"]
