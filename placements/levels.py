"""Class levels: which a school of each kind may have, the offers' public each belongs to,
and what a pupil of the level needs (the measure of `placements.coverage`).

- Seconde générale et technologique: the two national weeks of June, with one host or two.
- 4e, 3e (and the 3e prépa-métiers of lycées professionnels): an observation sequence of
  the number of days the collège sets on the class (5 by default).
- Lycée professionnel (CAP, bac pro): the PFMP periods the class declares.
- Post-bac, apprentices, adults: no requirement; whatever placements they choose.

Levels by school kind: a collège has 4e and 3e; a lycée général et technologique has seconde,
and the post-bac, apprentice and adult classes lycées host (BTS, UFA, GRETA); a lycée
professionnel has CAP, bac pro and 3e prépa-métiers classes, and the same three others.
"""

from django.db import models

from offers.models import Public
from reference.models import School


class Level(models.TextChoices):
    QUATRIEME = "4e", "4e"
    TROISIEME = "3e", "3e"
    TROISIEME_PM = "3e_pm", "3e prépa-métiers"
    SECONDE = "seconde", "2de générale et technologique"
    CAP = "cap", "CAP"
    SECONDE_PRO = "2de_pro", "2de professionnelle"
    PREMIERE_PRO = "1re_pro", "1re professionnelle"
    TERMINALE_PRO = "tle_pro", "Terminale professionnelle"
    POST_BAC = "post_bac", "Post-bac (BTS, classe préparatoire)"
    APPRENTI = "apprenti", "Apprentis"
    ADULTE = "adulte", "Adultes en formation (GRETA)"


class Need(models.TextChoices):
    """What a pupil of a level needs, and so how their coverage is measured."""

    SECONDE_WEEKS = "weeks", "les deux semaines nationales de seconde"
    DAYS = "days", "une séquence d'observation"
    PERIODS = "periods", "les périodes de PFMP de la classe"
    CHOICE = "choice", "aucune obligation"


NEED = {
    Level.QUATRIEME: Need.DAYS,
    Level.TROISIEME: Need.DAYS,
    Level.TROISIEME_PM: Need.DAYS,
    Level.SECONDE: Need.SECONDE_WEEKS,
    Level.CAP: Need.PERIODS,
    Level.SECONDE_PRO: Need.PERIODS,
    Level.PREMIERE_PRO: Need.PERIODS,
    Level.TERMINALE_PRO: Need.PERIODS,
    Level.POST_BAC: Need.CHOICE,
    Level.APPRENTI: Need.CHOICE,
    Level.ADULTE: Need.CHOICE,
}

# The offers' public a pupil of the level belongs to (offers.models.Public).
PUBLIC = {
    Level.QUATRIEME: Public.QUATRIEME,
    Level.TROISIEME: Public.TROISIEME,
    Level.TROISIEME_PM: Public.TROISIEME,
    Level.SECONDE: Public.SECONDE,
    Level.CAP: Public.LYCEE_PRO,
    Level.SECONDE_PRO: Public.LYCEE_PRO,
    Level.PREMIERE_PRO: Public.LYCEE_PRO,
    Level.TERMINALE_PRO: Public.LYCEE_PRO,
    Level.POST_BAC: Public.POST_BAC,
    Level.APPRENTI: Public.APPRENTI,
    Level.ADULTE: Public.ADULTE,
}

_HOSTED_BY_LYCEES = [Level.POST_BAC, Level.APPRENTI, Level.ADULTE]
BY_KIND = {
    School.Kind.COLLEGE: [Level.QUATRIEME, Level.TROISIEME],
    School.Kind.LYCEE: [Level.SECONDE, *_HOSTED_BY_LYCEES],
    School.Kind.LYCEE_PRO: [
        Level.TROISIEME_PM,
        Level.CAP,
        Level.SECONDE_PRO,
        Level.PREMIERE_PRO,
        Level.TERMINALE_PRO,
        *_HOSTED_BY_LYCEES,
    ],
}

# A class whose level was never set (made before levels existed) counts as its school's
# main level.
MAIN_LEVEL = {
    School.Kind.COLLEGE: Level.TROISIEME,
    School.Kind.LYCEE: Level.SECONDE,
    School.Kind.LYCEE_PRO: Level.SECONDE_PRO,
}

DEFAULT_OBSERVATION_DAYS = 5


def choices_for(kind: str) -> list[tuple[str, str]]:
    """The (value, label) levels a school of this kind may have, for a form."""
    return [(level.value, level.label) for level in BY_KIND.get(kind, [])]


def fits(level: str, kind: str) -> bool:
    return level in BY_KIND.get(kind, [])


def effective(level: str, kind: str) -> str:
    return level if level in NEED else MAIN_LEVEL.get(kind, Level.SECONDE)


def need_of(level: str) -> str:
    return NEED.get(level, Need.CHOICE)


def public_of(level: str) -> str:
    return PUBLIC[level]


def label_of(level: str) -> str:
    return Level(level).label if level in NEED else ""
