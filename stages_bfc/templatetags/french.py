"""stages_bfc.french as Django template filters, a builtin of every template (settings)."""

from django import template

from stages_bfc import french

register = template.Library()

register.filter("french_date", french.date)
register.filter("french_time", french.time)
register.filter("french_moment", french.moment)
register.filter("yes_no", french.yes_no)


@register.filter
def day_month(value) -> str:
    """ "14 juin"."""
    return french.date(value, with_year=False)


@register.filter
def french_range(start, end) -> str:
    """{{ start|french_range:end }}: "du 14 au 18 juin 2027"."""
    return french.date_range(start, end)
