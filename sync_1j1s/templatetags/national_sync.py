from django import template

from ..selectors import national_status as _national_status

register = template.Library()


@register.simple_tag
def national_status(offer):
    return _national_status(offer)
