"""School calendar arithmetic (reference/periods.py), the one place that knows it."""

import datetime

import pytest

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
