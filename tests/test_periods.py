"""School calendar arithmetic (reference/periods.py), the one place that knows it."""

import datetime

import pytest

from reference import periods
from reference.periods import (
    answer_deadline,
    coming_seconde_period,
    days_since,
    friday_of,
    iso_week,
    iso_weeks_meeting,
    school_year_bounds,
    school_year_end,
    seconde_period,
)

D = datetime.date


def test_seconde_weeks_options_and_week_numbers():
    period = seconde_period(2027)
    assert (period.start, period.end) == (D(2027, 6, 14), D(2027, 6, 25))
    assert period.working_weeks == [
        (D(2027, 6, 14), D(2027, 6, 18)),
        (D(2027, 6, 21), D(2027, 6, 25)),
    ]
    assert period.options() == {
        "week1": (D(2027, 6, 14), D(2027, 6, 18)),
        "week2": (D(2027, 6, 21), D(2027, 6, 25)),
        "both": (D(2027, 6, 14), D(2027, 6, 25)),
    }
    assert period.iso_weeks == ["2027-W24", "2027-W25"]
    assert friday_of(D(2027, 6, 14)) == D(2027, 6, 18)


def test_coming_seconde_period_moves_on_once_over():
    assert coming_seconde_period(D(2027, 6, 25)) == seconde_period(2027)
    assert coming_seconde_period(D(2027, 6, 26)) == seconde_period(2028)


@pytest.mark.parametrize(
    ("start", "end", "weeks"),
    [
        (D(2027, 3, 1), D(2027, 3, 5), ["2027-W09"]),
        (D(2027, 3, 6), D(2027, 3, 7), []),  # a weekend meets no working week
        (D(2027, 3, 5), D(2027, 3, 8), ["2027-W09", "2027-W10"]),
        (D(2026, 12, 28), D(2027, 1, 8), ["2026-W53", "2027-W01"]),
    ],
)
def test_iso_weeks_meeting(start, end, weeks):
    assert iso_weeks_meeting(start, end) == weeks
    assert all(iso_week(start) <= week for week in weeks)


@pytest.mark.parametrize(
    ("day", "bounds"),
    [
        (D(2026, 9, 1), (D(2026, 9, 1), D(2027, 8, 31))),
        (D(2027, 8, 31), (D(2026, 9, 1), D(2027, 8, 31))),
        (D(2027, 1, 15), (D(2026, 9, 1), D(2027, 8, 31))),
    ],
)
def test_school_year_bounds(day, bounds):
    assert school_year_bounds(day) == bounds
    assert school_year_end(2027) == D(2027, 8, 31)


@pytest.mark.parametrize(
    ("sent_on", "stage_start", "deadline"),
    [
        # Fourteen days when the stage is far off.
        (D(2027, 3, 1), D(2027, 6, 14), D(2027, 3, 15)),
        # The day before the stage when it starts sooner.
        (D(2027, 6, 7), D(2027, 6, 14), D(2027, 6, 13)),
        # Sent on (or after) the first day: answerable that day only.
        (D(2027, 6, 14), D(2027, 6, 14), D(2027, 6, 14)),
        (D(2027, 6, 16), D(2027, 6, 14), D(2027, 6, 16)),
    ],
)
def test_answer_deadline(sent_on, stage_start, deadline):
    assert answer_deadline(sent_on, stage_start) == deadline


def test_days_since():
    assert days_since(D(2027, 2, 27), D(2027, 3, 1)) == 2
    assert days_since(D(2027, 3, 1), D(2027, 3, 1)) == 0


# --- renewal ----------------------------------------------------------------------------


def test_renewal_moves_seconde_weeks_to_the_coming_years_national_weeks():
    june = periods.seconde_period(2026)
    spans = [
        (*june.options()["week2"], 3),
        (*june.options()["both"], 1),
    ]
    year, moved = periods.renewal(spans, today=datetime.date(2026, 7, 3))
    coming = periods.seconde_period(2027).options()
    assert year == 2027
    assert moved == sorted([(*coming["week2"], 3), (*coming["both"], 1)])
    assert coming["both"] == (datetime.date(2027, 6, 14), datetime.date(2027, 6, 25))


def test_renewal_keeps_other_periods_weekdays_and_length_on_the_nearest_dates():
    # Monday 12 to Friday 16 January 2026, and a Wednesday-to-Tuesday span in March.
    spans = [
        (datetime.date(2026, 1, 12), datetime.date(2026, 1, 16), 2),
        (datetime.date(2026, 3, 4), datetime.date(2026, 3, 10), 1),
    ]
    year, moved = periods.renewal(spans, today=datetime.date(2026, 6, 30))
    assert year == 2027
    assert moved == [
        (datetime.date(2027, 1, 11), datetime.date(2027, 1, 15), 2),
        (datetime.date(2027, 3, 3), datetime.date(2027, 3, 9), 1),
    ]
    for (start, end, _), (old_start, old_end, _) in zip(moved, spans, strict=True):
        assert start.weekday() == old_start.weekday() and end - start == old_end - old_start


def test_renewal_skips_a_year_whose_dates_would_already_be_past():
    # Renewed in December 2026, a September 2025 week would land in September 2026: past.
    spans = [(datetime.date(2025, 9, 15), datetime.date(2025, 9, 19), 2)]
    year, moved = periods.renewal(spans, today=datetime.date(2026, 12, 3))
    assert year == 2028
    assert moved == [(datetime.date(2027, 9, 13), datetime.date(2027, 9, 17), 2)]


def test_a_moved_period_stays_inside_its_school_year():
    # The first days of September move earlier by a day or two a year: kept after 1 Sept.
    start, end, _ = periods.moved_to_year(
        (datetime.date(2025, 9, 1), datetime.date(2025, 9, 5), 1), 2027
    )
    assert (start, end) == (datetime.date(2026, 9, 7), datetime.date(2026, 9, 11))
    assert start.weekday() == 0
    # And the last days of August stay before 31 August.
    start, end, _ = periods.moved_to_year(
        (datetime.date(2026, 8, 24), datetime.date(2026, 8, 31), 1), 2027
    )
    assert end <= datetime.date(2027, 8, 31) and start.weekday() == 0


def test_school_year_label():
    assert periods.school_year_label(2028) == "2027-2028"
    assert periods.school_year_containing(datetime.date(2027, 9, 1)) == 2028
    assert periods.school_year_containing(datetime.date(2027, 8, 31)) == 2027


@pytest.mark.parametrize(
    "start, end, text",
    [
        (datetime.date(2027, 6, 14), datetime.date(2027, 6, 18), "la semaine du 14 juin"),
        (datetime.date(2027, 2, 3), datetime.date(2027, 2, 3), "le 3 février 2027"),
        (datetime.date(2027, 2, 3), datetime.date(2027, 2, 5), "du 3 au 5 février 2027"),
    ],
)
def test_span_text_says_a_week_a_day_or_a_range(start, end, text):
    assert periods.span_text(start, end) == text
