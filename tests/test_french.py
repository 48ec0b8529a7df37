"""One French format for dates, times and yes/no answers (stages_bfc/french.py), as a table,
and no template writing them another way."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import engines

from stages_bfc import french

D = datetime.date
T = datetime.time
PARIS = datetime.timezone(datetime.timedelta(hours=1))  # winter time, as TIME_ZONE says

CASES = [
    # (function, arguments, expected)
    (french.date, (D(2027, 2, 1),), "1er février 2027"),
    (french.date, (D(2027, 2, 8),), "8 février 2027"),
    (french.date, (D(2027, 8, 31),), "31 août 2027"),
    (french.date, (D(2027, 2, 1), False), "1er février"),
    (french.date, (None,), ""),
    # An aware datetime is a day in the site's time zone: 23:30 UTC on 31 Jan is 1 Feb.
    (
        french.date,
        (datetime.datetime(2027, 1, 31, 23, 30, tzinfo=datetime.UTC),),
        "1er février 2027",
    ),
    (french.date_range, (D(2027, 6, 14), D(2027, 6, 18)), "du 14 au 18 juin 2027"),
    (french.date_range, (D(2027, 2, 1), D(2027, 2, 5)), "du 1er au 5 février 2027"),
    (french.date_range, (D(2027, 6, 28), D(2027, 7, 2)), "du 28 juin au 2 juillet 2027"),
    (
        french.date_range,
        (D(2026, 12, 28), D(2027, 1, 1)),
        "du 28 décembre 2026 au 1er janvier 2027",
    ),
    (french.date_range, (D(2027, 6, 14), D(2027, 6, 18), False), "du 14 au 18 juin"),
    (french.date_range, (D(2027, 3, 3), D(2027, 3, 3)), "le 3 mars 2027"),
    (french.time, (T(8, 30),), "8 h 30"),
    (french.time, (T(14, 0),), "14 h"),
    (french.time, (T(9, 5),), "9 h 05"),
    (french.time, (T(0, 0),), "0 h"),
    (french.time, (None,), ""),
    (
        french.moment,
        (datetime.datetime(2027, 2, 1, 7, 30, tzinfo=datetime.UTC),),
        "1er février 2027 à 8 h 30",
    ),
    (french.moment, (datetime.datetime(2027, 6, 14, 16, 0, tzinfo=PARIS),), "14 juin 2027 à 17 h"),
    (french.yes_no, (True,), "Oui"),
    (french.yes_no, (False,), "Non"),
    (french.yes_no, (None,), "Non précisé"),
    (french.yes_no, (None, "Non précisée"), "Non précisée"),
]


@pytest.mark.parametrize(("function", "args", "expected"), CASES)
def test_french_formats(function, args, expected, settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert function(*args) == expected


TEMPLATE_CASES = [
    ("{{ d|french_date }}", "1er février 2027"),
    ("{{ d|day_month }}", "1er février"),
    ("{{ d|french_range:e }}", "du 1er au 5 février 2027"),
    ("{{ t|french_time }}", "8 h 30"),
    ("{{ yes|yes_no }} {{ no|yes_no }}", "Oui Non"),
]


@pytest.mark.parametrize(("source", "expected"), TEMPLATE_CASES)
def test_filters_in_both_engines(source, expected):
    """The same filters, without {% load %}, in Django's engine and in the search's Jinja2."""
    context = {"d": D(2027, 2, 1), "e": D(2027, 2, 5), "t": T(8, 30), "yes": True, "no": False}
    assert engines["django"].from_string(source).render(context) == expected
    jinja = re.sub(r"\|(\w+):(\w+)", r"|\1(\2)", source)
    assert engines["jinja2"].from_string(jinja).render(context) == expected


HUMAN_FORMAT = re.compile(r"\|(date|time):\"(?!c\"|Y-m-d\"|H:i:s\")|\|yesno")


def test_no_template_writes_dates_another_way():
    """|date and |time stay for machine formats (ISO 8601); people read stages_bfc.french."""
    root = Path(__file__).resolve().parents[1]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in [*root.glob("templates/**/*.*"), *root.glob("*/jinja2/**/*.html")]
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HUMAN_FORMAT.search(line.replace("'", '"'))
    ]
    assert offenders == []
