"""The national seconde period, by the rule of the national push contract, and French dates.

The period is the last two full Monday-to-Friday weeks of June of the school year:
take the last Friday on or before 30 June, start on the Monday eleven days before it.
"""

import datetime
from dataclasses import dataclass

FRIDAY = 4


@dataclass(frozen=True)
class SecondePeriod:
    start: datetime.date
    end: datetime.date

    @property
    def weeks(self) -> list[datetime.date]:
        """The Monday of each of the two weeks."""
        return [self.start, self.start + datetime.timedelta(days=7)]

    @property
    def iso_weeks(self) -> list[str]:
        return [f"{y}-W{w:02d}" for y, w, _ in (d.isocalendar() for d in self.weeks)]


def school_year_of(day: datetime.date) -> int:
    """The calendar year of the coming June: from 1 July on, it is the next year."""
    return day.year + 1 if day.month >= 7 else day.year


def seconde_period(school_year: int) -> SecondePeriod:
    june_30 = datetime.date(school_year, 6, 30)
    last_friday = june_30 - datetime.timedelta(days=(june_30.weekday() - FRIDAY) % 7)
    return SecondePeriod(start=last_friday - datetime.timedelta(days=11), end=last_friday)


MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def french_day(day: datetime.date, with_year: bool = True) -> str:
    text = f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def french_range(start: datetime.date, end: datetime.date, with_year: bool = True) -> str:
    """ "du 14 au 18 juin 2027", "du 28 juin au 2 juillet 2027", "du 1er au 5 septembre 2026"."""
    if (start.year, start.month) == (end.year, end.month):
        first = "1er" if start.day == 1 else str(start.day)
    else:
        first = french_day(start, with_year=with_year and start.year != end.year)
    return f"du {first} au {french_day(end, with_year=with_year)}"
