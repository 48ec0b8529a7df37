from django import template

from reference import periods

register = template.Library()


@register.filter
def french_day(day) -> str:
    """{{ period.end|french_day }}: "2 juillet 2027"."""
    return periods.french_day(day)


@register.filter
def day_month(day) -> str:
    """{{ period.start|day_month }}: "28 juin"."""
    return periods.french_day(day, with_year=False)
