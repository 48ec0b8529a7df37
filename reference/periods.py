"""School calendar arithmetic, in one place: school years, working weeks and ISO week
numbers, the national seconde period (by the rule of the national push contract). French
dates are written by stages_bfc.french.

The seconde period is the last two full Monday-to-Friday weeks of June of the school year:
take the last Friday on or before 30 June, start on the Monday eleven days before it.
A school year is named by the calendar year of its June.
"""

import datetime
from dataclasses import dataclass

from stages_bfc import french

FRIDAY = 4
WEEK = datetime.timedelta(days=7)


def friday_of(monday: datetime.date) -> datetime.date:
    """The last day of a Monday-to-Friday working week."""
    return monday + datetime.timedelta(days=FRIDAY)


def monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=-day.weekday() % 7)


def iso_week(day: datetime.date) -> str:
    """ "2027-W24": the week number the national platform speaks."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(day: datetime.date) -> datetime.date:
    """The Monday of the day's week (Monday to Sunday)."""
    return day - datetime.timedelta(days=day.weekday())


def mondays_meeting(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The Monday of each week whose Monday-to-Friday overlaps the days from start to end."""
    mondays = []
    monday = start - datetime.timedelta(days=start.weekday())
    while monday <= end:
        if start <= friday_of(monday):
            mondays.append(monday)
        monday += WEEK
    return mondays


def iso_weeks_meeting(start: datetime.date, end: datetime.date) -> list[str]:
    """The ISO weeks whose Monday-to-Friday overlaps the days from start to end."""
    return [iso_week(monday) for monday in mondays_meeting(start, end)]


def monday_of(iso: str) -> datetime.date:
    """The Monday of an ISO week "2027-W24"."""
    year, number = iso.split("-W")
    return datetime.date.fromisocalendar(int(year), int(number), 1)


def school_year_of_week(iso: str) -> int:
    """The school year of an ISO week: that of its Monday (it switches on 1 July)."""
    return school_year_of(monday_of(iso))


def school_year_weeks(school_year: int) -> set[str]:
    """The ISO weeks whose Monday lies in the school year (1 July to 30 June)."""
    weeks = iso_weeks_meeting(
        datetime.date(school_year - 1, 6, 24), datetime.date(school_year, 7, 7)
    )
    return {week for week in weeks if school_year_of_week(week) == school_year}


@dataclass(frozen=True)
class SecondePeriod:
    start: datetime.date
    end: datetime.date

    @property
    def weeks(self) -> list[datetime.date]:
        """The Monday of each of the two weeks."""
        return [self.start, self.start + WEEK]

    @property
    def working_weeks(self) -> list[tuple[datetime.date, datetime.date]]:
        """(Monday, Friday) of each of the two weeks."""
        return [(monday, friday_of(monday)) for monday in self.weeks]

    @property
    def iso_weeks(self) -> list[str]:
        return [iso_week(monday) for monday in self.weeks]

    def options(self) -> dict[str, tuple[datetime.date, datetime.date]]:
        """What a host may offer: the first week, the second, or both."""
        (week1, friday1), (week2, friday2) = self.working_weeks
        return {"week1": (week1, friday1), "week2": (week2, friday2), "both": (week1, friday2)}


def school_year_of(day: datetime.date) -> int:
    """The calendar year of the coming June: from 1 July on, it is the next year."""
    return day.year + 1 if day.month >= 7 else day.year


def school_year_end(school_year: int) -> datetime.date:
    """The last day of a school year."""
    return datetime.date(school_year, 8, 31)


def school_year_bounds(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """1 September – 31 August of the school year whose classes contain the day."""
    school_year = day.year + 1 if day.month >= 9 else day.year
    return datetime.date(school_year - 1, 9, 1), school_year_end(school_year)


def seconde_period(school_year: int) -> SecondePeriod:
    june_30 = datetime.date(school_year, 6, 30)
    last_friday = june_30 - datetime.timedelta(days=(june_30.weekday() - FRIDAY) % 7)
    return SecondePeriod(start=last_friday - datetime.timedelta(days=11), end=last_friday)


def coming_seconde_period(today: datetime.date) -> SecondePeriod:
    """This school year's seconde period, or next year's once this one is over."""
    period = seconde_period(school_year_of(today))
    return period if period.end >= today else seconde_period(period.end.year + 1)


def working_days(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """The Monday-to-Friday days from start to end, both included."""
    days, day = set(), start
    while day <= end:
        if day.weekday() <= FRIDAY:
            days.add(day)
        day += datetime.timedelta(days=1)
    return days


def is_working_week(start: datetime.date, end: datetime.date) -> bool:
    """A Monday to the Friday of its week."""
    return start.weekday() == 0 and end == friday_of(start)


def week_of(monday: datetime.date) -> str:
    """ "la semaine du 14 juin"."""
    return f"la semaine du {french.date(monday, with_year=False)}"


def span_text(start: datetime.date, end: datetime.date) -> str:
    """ "la semaine du 14 juin" for a working week, "le 3 février 2027" for one day,
    "du 3 au 7 février 2027" otherwise."""
    if is_working_week(start, end):
        return week_of(start)
    return french.date_range(start, end)


# Applications: a host is reminded after REMIND_AFTER without an answer; after ANSWER_WITHIN,
# or on the stage's first day if sooner, the application lapses and the pupil may look
# elsewhere (docs/applications.md says why 14 days).
REMIND_AFTER = datetime.timedelta(days=7)
ANSWER_WITHIN = datetime.timedelta(days=14)


def days_since(sent_on: datetime.date, today: datetime.date) -> int:
    """Whole days from the day something was sent to today (0 on the same day)."""
    return (today - sent_on).days


def answer_deadline(sent_on: datetime.date, stage_start: datetime.date) -> datetime.date:
    """The last day a host may answer an application sent on `sent_on`: ANSWER_WITHIN
    later, and at the latest the day before the stage starts (never before the sending day)."""
    return max(min(sent_on + ANSWER_WITHIN, stage_start - datetime.timedelta(days=1)), sent_on)


def lapse_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(sent_before, starting_by): on `today`, an application waiting since before
    `sent_before`, or sent before today for a stage starting by `starting_by`, is past its
    answer_deadline. Lets the database find them; answer_deadline stays the rule."""
    return today - ANSWER_WITHIN, today


# Renewal: an offer's periods moved to a coming school year (offers.renewals).

Span = tuple[datetime.date, datetime.date, int]  # start, end, places


def school_year_label(school_year: int) -> str:
    """ "2027-2028" for the school year ending in June 2028."""
    return f"{school_year - 1}-{school_year}"


def school_year_containing(day: datetime.date) -> int:
    """The school year (1 September – 31 August) of a day, named by its June's year."""
    return school_year_bounds(day)[1].year


def _seconde_option(start: datetime.date, end: datetime.date) -> str | None:
    """Which national seconde option (first week, second, both) these dates are, if any."""
    options = seconde_period(school_year_containing(start)).options()
    return next((key for key, dates in options.items() if dates == (start, end)), None)


def _same_weekday(day: datetime.date, years: int) -> datetime.date:
    """The day moved by whole weeks to the nearest date `years` calendar years later."""
    try:
        target = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        target = day.replace(year=day.year + years, day=28)
    weeks = round((target - day).days / 7)
    return day + weeks * WEEK


def moved_to_year(span: Span, school_year: int) -> Span:
    """One period moved to `school_year`: a national seconde option becomes the same option
    of that year's seconde weeks; any other period keeps its weekdays and length, on the
    nearest dates, kept inside the school year (1 September – 31 August)."""
    start, end, places = span
    if key := _seconde_option(start, end):
        new_start, new_end = seconde_period(school_year).options()[key]
        return new_start, new_end, places
    years = school_year - school_year_containing(start)
    new_start = _same_weekday(start, years)
    new_end = new_start + (end - start)
    first_day, last_day = datetime.date(school_year - 1, 9, 1), school_year_end(school_year)
    while new_start < first_day:
        new_start, new_end = new_start + WEEK, new_end + WEEK
    while new_end > last_day:
        new_start, new_end = new_start - WEEK, new_end - WEEK
    return new_start, new_end, places


def renewal(spans: list[Span], today: datetime.date) -> tuple[int, list[Span]]:
    """The school year an offer is renewed for and its periods moved there: the first year
    after its last one in which every moved period starts after today."""
    school_year = max(school_year_containing(start) for start, _, _ in spans) + 1
    while True:
        moved = sorted(moved_to_year(span, school_year) for span in spans)
        if all(start > today for start, _, _ in moved):
            return school_year, moved
        school_year += 1
