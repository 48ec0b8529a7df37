"""Which of an offer's periods is for whom, and how to say it.

The national seconde weeks are for seconde pupils only: a period of an offer open to the
seconde that lies within those weeks (week 1, week 2 or both, what the form offers) is its
seconde period. Every other period is for the offer's other publics. An employer cannot
offer the seconde weeks to collégiens (`offers.forms.periods` refuses such a row): 4e and 3e
observation sequences take place during the school year, never in the seconde weeks.

Read by the offer form and page, by the pupil's eligibility (`placements.eligibility`)
and by the national push, which sends each track only its own periods.
"""

import datetime

from reference.periods import school_year_of, seconde_period

from .models import Public

COLLEGE = frozenset({Public.QUATRIEME, Public.TROISIEME})

# "Cette offre est réservée aux …": each public as a plural noun phrase.
PHRASES = {
    Public.QUATRIEME: "collégiens de 4e",
    Public.TROISIEME: "collégiens de 3e",
    Public.SECONDE: "élèves de seconde générale et technologique",
    Public.LYCEE_PRO: "élèves de lycée professionnel",
    Public.POST_BAC: "étudiants post-bac",
    Public.APPRENTI: "apprentis",
    Public.ADULTE: "adultes en reconversion",
}
ORDER = list(Public.values)


def meets_seconde_weeks(start: datetime.date, end: datetime.date) -> bool:
    national = seconde_period(school_year_of(start))
    return start <= national.end and national.start <= end


def within_seconde_weeks(start: datetime.date, end: datetime.date) -> bool:
    national = seconde_period(school_year_of(start))
    return national.start <= start and end <= national.end


def is_seconde_period(publics, start: datetime.date, end: datetime.date) -> bool:
    return Public.SECONDE in publics and within_seconde_weeks(start, end)


def period_publics(publics, start: datetime.date, end: datetime.date) -> list[str]:
    """The publics a period of an offer with these publics is for, in the usual order."""
    if is_seconde_period(publics, start, end):
        return [Public.SECONDE]
    return sorted((p for p in publics if p != Public.SECONDE), key=ORDER.index)


def phrase(publics, article: str) -> str:
    """ "aux collégiens de 4e et de 3e et aux apprentis": the publics as a French phrase."""
    ordered = sorted(set(publics), key=ORDER.index)
    phrases = [PHRASES[p] for p in ordered if p not in COLLEGE]
    college = [p for p in ordered if p in COLLEGE]
    if len(college) == 2:
        phrases.insert(0, "collégiens de 4e et de 3e")
    elif college:
        phrases.insert(0, PHRASES[college[0]])
    return " et ".join(f"{article} {text}" for text in phrases)


def reserved_to(publics) -> str:
    """ "Cette offre est réservée aux collégiens de 3e"."""
    return f"Cette offre est réservée {phrase(publics, 'aux')}"


def period_label(publics, start: datetime.date, end: datetime.date) -> str:
    """What the offer page and form say of a period: "Pour les élèves de seconde…"."""
    for_whom = period_publics(publics, start, end)
    return f"Pour {phrase(for_whom, 'les')}" if for_whom else "Pour aucun des publics cochés"
