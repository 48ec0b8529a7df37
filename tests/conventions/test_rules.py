"""The hours minors may be present, as a table: age × hours → what is wrong."""

import datetime

import pytest

from conventions import rules

T = datetime.time


def fields(problems):
    return sorted({(p.field, p.source) for p in problems})


DAILY_U16 = ("hours_end", rules.CIRCULAIRE)
DAILY_U18 = ("hours_end", rules.L3162_1)
WEEKLY_U15 = ("days_per_week", rules.CIRCULAIRE)
WEEKLY_U18 = ("days_per_week", rules.L3162_1)
NIGHT_U16 = ("hours_end", "code du travail, art. L. 3163-1, 2°")
NIGHT_U18_EVENING = ("hours_end", "code du travail, art. L. 3163-1, 1°")
NIGHT_U18_MORNING = ("hours_start", "code du travail, art. L. 3163-1, 1°")
BREAK = ("break_minutes", "code du travail, art. L. 3162-3")
DAYS = ("days_per_week", "code du travail, art. L. 3164-2")


@pytest.mark.parametrize(
    ("age", "start", "end", "pause", "days", "expected"),
    [
        # 14: 7 h a day, 30 h a week, no presence after 20 h.
        (14, T(9), T(16), 60, 5, []),  # 6 h × 5 = 30 h: at the limit
        (14, T(9), T(16, 30), 60, 5, [WEEKLY_U15]),  # 6 h 30 × 5 = 32 h 30
        (14, T(8), T(16), 30, 4, [DAILY_U16]),  # 7 h 30 a day
        (14, T(13), T(20, 30), 60, 4, [NIGHT_U16]),
        (14, T(9), T(14), 0, 5, [BREAK]),  # 5 h without a break
        # 15: the weekly cap is 35 h, the daily one still 7 h.
        (15, T(9), T(16, 30), 30, 5, []),  # 7 h × 5 = 35 h
        (15, T(9), T(17), 30, 5, [DAILY_U16, WEEKLY_U18]),  # 7 h 30 a day, 37 h 30
        (15, T(12), T(20), 60, 5, []),  # until 20 h is not night under 16
        # 16 and 17: 8 h a day, night from 22 h.
        (16, T(9), T(17, 30), 30, 4, []),  # 8 h a day, 32 h
        (16, T(9), T(17, 30), 30, 5, [WEEKLY_U18]),  # 40 h a week
        (16, T(14), T(21, 30), 60, 4, []),  # 21 h 30 is allowed from 16
        (17, T(5, 30), T(12), 30, 4, [NIGHT_U18_MORNING]),
        (17, T(15), T(22, 30), 60, 4, [NIGHT_U18_EVENING]),
        (17, T(8), T(12), 0, 6, [DAYS]),  # 4 h × 6 = 24 h, but six days
        # 18: the code's limits for minors no longer apply.
        (18, T(8), T(19), 30, 6, []),
    ],
)
def test_hours_by_age(age, start, end, pause, days, expected):
    assert fields(rules.hours_problems(age, start, end, pause, days)) == sorted(expected)


def test_each_problem_says_who_fixes_it_and_why_in_french():
    [problem] = rules.hours_problems(14, T(8), T(16), 30, 4)
    assert problem.who_label == "la structure d'accueil"
    assert problem.message == "7 h 30 par jour : pas plus de 7 h à 14 ans."


@pytest.mark.parametrize(
    ("age", "start", "end", "pause"),
    [(14, T(9), T(16), 7 * 60), (15, T(9), T(12), 4 * 60), (18, T(8), T(17), 600)],
)
def test_a_break_as_long_as_the_day_is_refused_at_any_age(age, start, end, pause):
    [problem] = rules.hours_problems(age, start, end, pause)
    assert problem.field == "break_minutes" and problem.who == rules.Party.HOST


def test_a_break_longer_than_the_day_says_so_in_french():
    [problem] = rules.hours_problems(15, T(8, 30), T(12), 4 * 60)
    assert problem.message == (
        "La pause (4 h) doit être plus courte que la journée de présence, "
        "de 8 h 30 à 12 h (3 h 30)."
    )
    assert rules.hours_problems(15, T(8, 30), T(12), 3 * 60) == []  # 30 min of presence


def test_departure_before_arrival_is_refused():
    [problem] = rules.hours_problems(15, T(17), T(9))
    assert problem.message == "L'heure de départ doit suivre l'heure d'arrivée."


@pytest.mark.parametrize(
    ("born", "start", "age"),
    [
        (datetime.date(2010, 6, 15), datetime.date(2026, 6, 14), 15),
        (datetime.date(2010, 6, 15), datetime.date(2026, 6, 15), 16),
        (datetime.date(2008, 2, 29), datetime.date(2026, 2, 28), 17),
    ],
)
def test_age_on_the_first_day(born, start, age):
    assert rules.age_on(born, start) == age


def test_every_limit_names_its_source():
    tables = [
        rules.DAILY_MAX,
        rules.WEEKLY_MAX,
        rules.NIGHT_FROM,
        rules.BREAK_AFTER,
        rules.DAILY_REST,
        rules.DAYS_MAX,
    ]
    for table in tables:
        assert [limit.under for limit in table] == sorted(limit.under for limit in table)
        assert all(limit.source for limit in table)
