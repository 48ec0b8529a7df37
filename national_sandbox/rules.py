"""The national platform's rules, as its v2 source code applies them (national-push-api.md).

Validation messages are the platform's own: English, keyed by its attribute names (an unknown
`sector_uuid` is reported under `sector`). The school year switches on 1 July: a seconde
offer must list both national weeks of the current year, and the platform knows only the
weeks of the current school year (any other week is dropped silently, as unknown grades are).
"""

import datetime
import re

from reference.periods import (
    friday_of,
    monday_of,
    school_year_of,
    school_year_weeks,
    seconde_period,
)
from stages_bfc import french

LIMITS = {
    "title": 150,
    "description": 1500,
    "employer_name": 150,
    "employer_description": 275,
    "employer_website": 560,
    "employer_chosen_name": 150,
    "street": 200,
    "city": 50,
    "remote_id": 60,
    "permalink": 200,
}
REQUIRED = [
    "title",
    "description",
    "employer_name",
    "employer_description",
    "street",
    "zipcode",
    "city",
    "sector_uuid",
    "remote_id",
    "permalink",
]
# Where the platform reports a field's errors when its attribute is named differently.
ATTRIBUTE = {"sector_uuid": "sector"}
GRADES = ("seconde", "troisieme", "quatrieme")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
SECTOR = re.compile(r"^s([1-9]|[1-4][0-9]|5[01])$")
WEEKDAYS = {"lundi", "mardi", "mercredi", "jeudi", "vendredi"}


def _add(errors, name, message):
    errors.setdefault(ATTRIBUTE.get(name, name), []).append(message)


def validation_errors(data: dict, creating: bool) -> dict:
    """{attribute: [messages]} as the platform's VALIDATION_ERROR carries them."""
    errors = {}
    for name in REQUIRED if creating else []:
        if not data.get(name):
            _add(errors, name, "can't be blank")
    for name, limit in LIMITS.items():
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            _add(errors, name, "is invalid")
        elif len(value) > limit:
            _add(errors, name, f"is too long (maximum is {limit} characters)")
    if data.get("zipcode") and not re.fullmatch(r"\d{5}", str(data["zipcode"])):
        _add(errors, "zipcode", "is invalid")
    if data.get("sector_uuid") and not SECTOR.match(str(data["sector_uuid"])):
        _add(errors, "sector_uuid", "must exist")
    permalink = data.get("permalink")
    if (
        isinstance(permalink, str)
        and permalink
        and (not re.match(r"^https?://", permalink) or re.search("test|staging", permalink, re.I))
    ):
        _add(errors, "permalink", "is invalid")
    if "max_candidates" in data:
        value = data["max_candidates"]
        if not isinstance(value, int) or isinstance(value, bool):
            _add(errors, "max_candidates", "is not a number")
        elif value < 1:
            _add(errors, "max_candidates", "must be greater than 0")
        elif value > 6000:
            _add(errors, "max_candidates", "must be less than or equal to 6000")
    coordinates = data.get("coordinates")
    if coordinates is not None and not (
        isinstance(coordinates, dict)
        and all(isinstance(coordinates.get(k), int | float) for k in ("latitude", "longitude"))
    ):
        _add(errors, "coordinates", "is invalid")
    hours = data.get("daily_hours")
    if hours is not None and not (
        isinstance(hours, dict)
        and set(hours) <= WEEKDAYS
        and all(isinstance(v, list) and len(v) == 2 for v in hours.values())
    ):
        _add(errors, "daily_hours", "is invalid")
    for flag in ("is_public", "handicap_accessible", "rep", "qpv"):
        if flag in data and not isinstance(data[flag], bool):
            _add(errors, flag, "is invalid")
    return errors


def known_weeks(today: datetime.date) -> set[str]:
    """The ISO weeks the platform offers: those of the current school year (July to June)."""
    return school_year_weeks(school_year_of(today))


def grades_and_weeks(data: dict, today: datetime.date, creating: bool):
    """(grades, weeks) as the platform keeps them, or (status, body) of its refusal.

    Unknown grades and weeks are dropped silently; an empty grade list means seconde.
    """
    grades, weeks = data.get("grades"), data.get("weeks")
    if not creating and grades is None and weeks is None:
        return None, None, None
    if not (isinstance(grades, list) and all(isinstance(g, str) for g in grades)):
        return None, None, (422, {"code": "BAD_ARGUMENT", "error": "grades is invalid"})
    if not isinstance(weeks, list) or not all(isinstance(w, str) and WEEK.match(w) for w in weeks):
        return None, None, (422, {"code": "BAD_ARGUMENT", "error": "weeks is invalid"})
    grades = [grade for grade in grades if grade in GRADES] or ["seconde"]
    if "seconde" in grades and len(grades) > 1:
        error = "seconde cannot be mixed with other grades"
        return None, None, (422, {"code": "WRONG_PARAMS", "error": error})
    if "seconde" in grades and not set(seconde_period(school_year_of(today)).iso_weeks) <= set(
        weeks
    ):
        error = "seconde internship offers must include both mandatory weeks"
        return None, None, (422, {"code": "WRONG_PARAMS", "error": error})
    known = known_weeks(today)
    return grades, sorted(set(w for w in weeks if w in known)), None


def weeks_text(weeks) -> str:
    """The listing's French text: "du 14/06/2027 au 18/06/2027, du 21/06/2027 au 25/06/2027"."""
    spans = []
    for week in sorted(weeks):
        monday = monday_of(week)
        spans.append(f"du {monday:%d/%m/%Y} au {friday_of(monday):%d/%m/%Y}")
    return ", ".join(spans)


def date_bounds(weeks) -> tuple[str, str]:
    """The listing's date_start and date_end, in French ("14 juin 2027")."""
    if not weeks:
        return "", ""
    mondays = sorted(monday_of(week) for week in weeks)
    return french.date(mondays[0]), french.date(friday_of(mondays[-1]))
