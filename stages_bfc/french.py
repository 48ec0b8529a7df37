"""One French way of writing dates, times and yes/no answers, everywhere.

"1er février 2027", "du 14 au 18 juin 2027", "8 h 30", "Oui". Templates use them as filters
(stages_bfc/templatetags/french.py for Django's engine, registered as a builtin; the
search's Jinja2 environment adds the same functions), Python text calls them directly.
Machine formats (`<time datetime>`, CSV, APIs) keep ISO 8601 and do not come here.
"""

import datetime

from django.utils import timezone

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _local_date(value) -> datetime.date:
    # An aware datetime is shown in the site's time zone, as Django's |date filter does.
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _day_number(day: int) -> str:
    return "1er" if day == 1 else str(day)


def date(value, with_year: bool = True) -> str:
    """ "1er février 2027", "14 juin" (without the year)."""
    if value in (None, ""):
        return ""
    day = _local_date(value)
    text = f"{_day_number(day.day)} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def date_range(start, end, with_year: bool = True) -> str:
    """ "du 14 au 18 juin 2027", "du 28 juin au 2 juillet 2027", "le 3 mars 2027" (one day)."""
    start, end = _local_date(start), _local_date(end)
    if start == end:
        return f"le {date(end, with_year=with_year)}"
    if (start.year, start.month) == (end.year, end.month):
        first = _day_number(start.day)
    else:
        first = date(start, with_year=with_year and start.year != end.year)
    return f"du {first} au {date(end, with_year=with_year)}"


def time(value) -> str:
    """ "8 h 30", "14 h", "9 h 05" (the Imprimerie nationale's rule)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.hour} h" if not value.minute else f"{value.hour} h {value.minute:02d}"


def moment(value) -> str:
    """ "1er février 2027 à 8 h 30": a datetime, in the site's time zone."""
    if value in (None, ""):
        return ""
    return f"{date(value)} à {time(value)}"


def yes_no(value, unknown: str = "Non précisé") -> str:
    """ "Oui", "Non"; None (not answered) says so."""
    if value is None:
        return unknown
    return "Oui" if value else "Non"
