"""The national seconde period, by the rule of the national push contract.

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
