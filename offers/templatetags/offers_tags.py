from django import template
from django.utils.html import strip_tags
from django.utils.text import Truncator

from offers import audiences
from offers.models import Public

register = template.Library()


PUBLICS = tuple(Public.choices)  # Public.choices builds its list on each access


@register.filter
def public_labels(codes) -> list[str]:
    """["seconde", "3e"] → their French labels, in the model's order."""
    return [label for value, label in PUBLICS if value in (codes or [])]


@register.filter
def summary(text, length=155) -> str:
    """Plain text on one line, cut at a word boundary: for meta descriptions."""
    plain = " ".join(strip_tags(text or "").split())
    return Truncator(plain).chars(int(length))


@register.filter
def for_whom(period, offer) -> str:
    """ "Pour les élèves de seconde…": whom this period of the offer is for (offers.audiences)."""
    return audiences.period_label(offer.publics, period.start, period.end)
