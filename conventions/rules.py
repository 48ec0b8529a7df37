"""What a convention must hold before it is signed, and the hours minors may be present.

The limits are data, each with the text it comes from. A limit applies to pupils younger
than `under` years on the first day of the placement; the first limit whose age bound fits
wins (limits are listed strictest first). The daily time is from arrival to departure less
the break.

Sources, checked against Légifrance's text (December 2026) unless marked otherwise:
- code du travail L. 3162-1: 8 h a day, 35 h a week for workers under 18;
- code du travail L. 3163-1: night is 22 h–6 h from 16 to 18, 20 h–6 h under 16;
- circulaire n° 2003-134 du 8 septembre 2003 (observation of pupils under 16), as the
  national model conventions quote it: 7 h a day under 16, 30 h a week under 15;
- code du travail L. 3162-3 (4 h 30 at most without a break of 30 minutes), L. 3164-1
  (12 h of daily rest, 14 h under 16) and L. 3164-2 (two consecutive days of weekly rest):
  article numbers from the code's structure, not re-read for this module (unverified).
"""

import datetime
from dataclasses import dataclass

from stages_bfc import french


@dataclass(frozen=True)
class Limit:
    under: int  # applies below this age, in years
    value: int  # minutes, or days, or an hour of the clock (see each table)
    source: str


L3162_1 = "code du travail, art. L. 3162-1"
CIRCULAIRE = "circulaire n° 2003-134 du 8 septembre 2003"
ADULT = 18

# Minutes a day.
DAILY_MAX = [Limit(16, 7 * 60, CIRCULAIRE), Limit(ADULT, 8 * 60, L3162_1)]
# Minutes a week.
WEEKLY_MAX = [Limit(15, 30 * 60, CIRCULAIRE), Limit(ADULT, 35 * 60, L3162_1)]
# The hour from which presence is night work (until 6 h).
NIGHT_FROM = [
    Limit(16, 20, "code du travail, art. L. 3163-1, 2°"),
    Limit(ADULT, 22, "code du travail, art. L. 3163-1, 1°"),
]
NIGHT_UNTIL = 6
# Beyond 4 h 30 of presence a day, a break of at least 30 minutes.
BREAK_AFTER = [Limit(ADULT, 4 * 60 + 30, "code du travail, art. L. 3162-3")]
BREAK_MIN = 30
# Minutes of rest between two days.
DAILY_REST = [
    Limit(16, 14 * 60, "code du travail, art. L. 3164-1"),
    Limit(ADULT, 12 * 60, "code du travail, art. L. 3164-1"),
]
# Days of presence a week (two consecutive days of rest).
DAYS_MAX = [Limit(ADULT, 5, "code du travail, art. L. 3164-2")]


class Party:
    HOST = "host"
    SCHOOL = "school"
    FAMILY = "family"

    LABELS = {
        HOST: "la structure d'accueil",
        SCHOOL: "l'établissement",
        FAMILY: "l'élève ou sa famille",
    }


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    who: str  # a Party
    source: str = ""

    @property
    def who_label(self) -> str:
        return Party.LABELS[self.who]


def applicable(limits: list[Limit], age: int) -> Limit | None:
    return next((limit for limit in limits if age < limit.under), None)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def _minutes(time: datetime.time) -> int:
    return time.hour * 60 + time.minute


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def hours_problems(
    age: int,
    hours_start: datetime.time,
    hours_end: datetime.time,
    break_minutes: int = 0,
    days_per_week: int = 5,
) -> list[Problem]:
    """What is wrong with these hours for a pupil of this age (from 18 on, only hours
    that cannot be: a departure before the arrival, a break as long as the day)."""
    arrive, leave = _minutes(hours_start), _minutes(hours_end)
    if leave <= arrive:
        return [Problem("hours_end", "L'heure de départ doit suivre l'heure d'arrivée.", "host")]
    if break_minutes >= leave - arrive:
        # No time left to count: every limit below would pass. At any age.
        return [
            Problem(
                "break_minutes",
                f"La pause ({_hours(break_minutes)}) doit être plus courte que la journée "
                f"de présence, de {french.time(hours_start)} à {french.time(hours_end)} "
                f"({_hours(leave - arrive)}).",
                Party.HOST,
            )
        ]
    found = []
    daily = leave - arrive - break_minutes
    if (limit := applicable(DAILY_MAX, age)) and daily > limit.value:
        found.append(
            Problem(
                "hours_end",
                f"{_hours(daily)} par jour : pas plus de {_hours(limit.value)} à {age} ans.",
                Party.HOST,
                limit.source,
            )
        )
    if (limit := applicable(WEEKLY_MAX, age)) and daily * days_per_week > limit.value:
        found.append(
            Problem(
                "days_per_week",
                f"{_hours(daily * days_per_week)} par semaine : pas plus de "
                f"{_hours(limit.value)} à {age} ans.",
                Party.HOST,
                limit.source,
            )
        )
    if (limit := applicable(NIGHT_FROM, age)) and (
        arrive < NIGHT_UNTIL * 60 or leave > limit.value * 60
    ):
        found.append(
            Problem(
                "hours_start" if arrive < NIGHT_UNTIL * 60 else "hours_end",
                f"Présence de nuit interdite à {age} ans : ni avant {NIGHT_UNTIL} h, "
                f"ni après {limit.value} h.",
                Party.HOST,
                limit.source,
            )
        )
    if (limit := applicable(BREAK_AFTER, age)) and (
        leave - arrive > limit.value and break_minutes < BREAK_MIN
    ):
        found.append(
            Problem(
                "break_minutes",
                f"Au-delà de {_hours(limit.value)} de présence, une pause d'au moins "
                f"{BREAK_MIN} minutes est due.",
                Party.HOST,
                limit.source,
            )
        )
    if (limit := applicable(DAILY_REST, age)) and 24 * 60 - (leave - arrive) < limit.value:
        found.append(
            Problem(
                "hours_end",
                f"Le repos entre deux journées doit durer au moins {_hours(limit.value)}.",
                Party.HOST,
                limit.source,
            )
        )
    if (limit := applicable(DAYS_MAX, age)) and days_per_week > limit.value:
        found.append(
            Problem(
                "days_per_week",
                f"Pas plus de {limit.value} jours de présence par semaine (deux jours de "
                "repos consécutifs).",
                Party.HOST,
                limit.source,
            )
        )
    return found


# Required fields: (field, who completes it, the French label).
REQUIRED = [
    ("host_name", Party.HOST, "le nom de la structure d'accueil"),
    ("host_siret", Party.HOST, "le SIRET de la structure"),
    ("host_address", Party.HOST, "l'adresse de la structure"),
    ("host_signatory_name", Party.HOST, "le nom de son représentant"),
    ("host_signatory_email", Party.HOST, "l'e-mail de son représentant"),
    ("tutor_name", Party.HOST, "le nom du tuteur ou de la tutrice"),
    ("activities", Party.HOST, "les activités prévues"),
    ("hours_start", Party.HOST, "l'heure d'arrivée"),
    ("hours_end", Party.HOST, "l'heure de départ"),
    ("school_address", Party.SCHOOL, "l'adresse de l'établissement"),
    ("head_name", Party.SCHOOL, "le nom du chef d'établissement"),
    ("head_email", Party.SCHOOL, "l'e-mail du chef d'établissement"),
    ("teacher_name", Party.SCHOOL, "le nom de l'enseignant référent"),
    ("pupil_email", Party.FAMILY, "l'e-mail de l'élève"),
    ("birth_date", Party.FAMILY, "la date de naissance de l'élève"),
    ("postal_address", Party.FAMILY, "l'adresse postale de l'élève"),
    ("insurance", Party.FAMILY, "l'assurance responsabilité civile"),
]
# Required while the pupil is a minor on the first day.
REQUIRED_FOR_MINORS = [
    ("guardian_name", Party.FAMILY, "le nom du représentant légal"),
    ("guardian_email", Party.FAMILY, "l'e-mail du représentant légal"),
]


def is_minor(convention) -> bool:
    """Unknown age counts as minor: the stricter reading until the family says."""
    if convention.birth_date is None:
        return True
    return age_on(convention.birth_date, convention.start) < ADULT


def missing(convention) -> list[Problem]:
    fields = REQUIRED + (REQUIRED_FOR_MINORS if is_minor(convention) else [])
    return [
        Problem(name, f"Il manque {label}.", who)
        for name, who, label in fields
        if getattr(convention, name) in (None, "")
    ]


def problems(convention) -> list[Problem]:
    """Everything that stops the convention from being signed, in form order."""
    found = missing(convention)
    siret = convention.host_siret
    if siret and not (siret.isdigit() and len(siret) == 14):
        found.append(Problem("host_siret", "Le SIRET compte 14 chiffres.", Party.HOST))
    if convention.birth_date and convention.hours_start and convention.hours_end:
        found += hours_problems(
            age_on(convention.birth_date, convention.start),
            convention.hours_start,
            convention.hours_end,
            convention.break_minutes,
            convention.days_per_week,
        )
    return found


def missing_family_information(convention) -> bool:
    return any(p.who == Party.FAMILY for p in missing(convention))
