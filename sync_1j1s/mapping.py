"""From an offer to the national push payload (contract: national-push-api.md).

`payload(offer, track)` gives one track's payload (collège, seconde); an offer that cannot
be expressed raises `Inexpressible` with the reason in French and what to fix, so that it
is reported, never sent half-right. The platform lives in the current school year (it
switches on 1 July): only that year's weeks are sent, and a track whose weeks all lie in a
later year raises `Held` (seconde: refused until then; collège: hidden from pupils' search).
"""

import datetime
import hashlib
import json
import re

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from offers.models import Public
from reference.periods import (
    friday_of,
    iso_weeks_meeting,
    school_year_of,
    school_year_of_week,
    seconde_period,
)
from stages_bfc import french

from .models import Track

LIMITS = {
    "title": 150,
    "description": 1500,
    "employer_name": 150,
    "employer_description": 275,
    "employer_website": 560,
    "street": 200,
    "city": 50,
    "permalink": 200,
    "remote_id": 60,
}
MAX_CANDIDATES = 6000
COLLEGE_GRADES = {Public.QUATRIEME: "quatrieme", Public.TROISIEME: "troisieme"}
PUSHED_PUBLICS = {Public.QUATRIEME, Public.TROISIEME, Public.SECONDE}
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
SECTOR_CODE = re.compile(r"^s([1-9]|[1-4][0-9]|5[01])$")
POSTCODE = re.compile(r"^\d{5}$")


class Inexpressible(Exception):
    """The offer cannot be expressed in the national format: `reason` says why, in French."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Held(Exception):
    """The track belongs to a later school year: it goes out on `release_on` (1 July)."""

    def __init__(self, school_year: int):
        self.school_year = school_year
        self.release_on = datetime.date(school_year - 1, 7, 1)
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        return f"sera envoyée le {french.date(self.release_on)}"


def is_concerned(publics) -> bool:
    return bool(set(publics) & PUSHED_PUBLICS)


def tracks_of(offer) -> list[str]:
    tracks = []
    if set(offer.publics) & set(COLLEGE_GRADES):
        tracks.append(Track.COLLEGE)
    if Public.SECONDE in offer.publics:
        tracks.append(Track.SECONDE)
    return tracks


def remote_id(offer_id: int, track: str) -> str:
    """Stable for the offer's life, distinct per track, never reused (≤ 60 characters)."""
    return f"stages-bfc-{offer_id}-{track}"


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word boundary with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1]  # room for the ellipsis
    if not text[limit - 1].isspace() and " " in head:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:.-–") + "…"


def _weeks_of(periods) -> list[str]:
    """The ISO weeks whose Monday-to-Friday overlaps a period."""
    return sorted({week for p in periods for week in iso_weeks_meeting(p.start, p.end)})


def _college(periods, year: int) -> tuple[list[str], str, int]:
    """This school year's weeks and the places of the periods meeting them; `Held` if later."""
    weeks = [week for week in _weeks_of(periods) if school_year_of_week(week) == year]
    if not weeks:
        later = [
            school_year_of_week(w) for w in _weeks_of(periods) if school_year_of_week(w) > year
        ]
        if later:
            raise Held(min(later))
        raise Inexpressible("Toutes les périodes d'accueil sont passées : ajoutez-en une à venir.")
    taking = [p for p in periods if set(iso_weeks_meeting(p.start, p.end)) & set(weeks)]
    return weeks, "", _places(taking)


def _places(periods) -> int:
    return max(1, min(MAX_CANDIDATES, sum(p.places for p in periods)))


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _seconde(periods, current: int) -> tuple[list[str], str, int]:
    """Both national weeks of the current year, a note when the host takes pupils during one
    only, the places; `Held` when the offer is for a later year's weeks."""
    best = None
    for year in sorted({school_year_of(p.start) for p in periods}):
        if year < current:
            continue
        national = seconde_period(year)
        mondays = national.weeks
        taking = [p for p in periods if p.start <= national.end and p.end >= national.start]
        covered = [
            m for m in mondays if any(p.start <= friday_of(m) and p.end >= m for p in taking)
        ]
        if covered:
            best = (national, covered, taking)
            break
    if best is None:
        year = max(current, school_year_of(min(p.start for p in periods)))
        when = ""
        if year:
            national = seconde_period(year)
            when = f" (du {_day(national.start)} au {_day(national.end)})"
        raise Inexpressible(
            "Aucune période d'accueil ne tombe pendant les deux semaines nationales de stage "
            f"de seconde{when}. Ajoutez une période pendant ces semaines, ou retirez le public "
            "« seconde »."
        )
    national, covered, taking = best
    if school_year_of(national.start) > current:
        raise Held(school_year_of(national.start))
    note = ""
    if len(covered) == 1:
        monday = covered[0]
        rank = "première" if monday == national.weeks[0] else "seconde"
        note = (
            f"Stage proposé uniquement la {rank} des deux semaines : du {_day(monday)} "
            f"au {_day(friday_of(monday))}."
        )
    return national.iso_weeks, note, _places(taking)


def next_release(offer, today=None) -> datetime.date | None:
    """1 July of the first later school year in which the offer has weeks to send, if any."""
    year = school_year_of(today or timezone.localdate())
    later = set()
    for period in offer.periods.all():
        later |= {y for y in map(school_year_of_week, iso_weeks_meeting(period.start, period.end))}
    later = {y for y in later if y > year}
    return datetime.date(min(later) - 1, 7, 1) if later else None


def priority_line(offer) -> str:
    """The description's first line for an offer marked REP / QPV by Region staff."""
    publics = []
    if offer.priority_rep:
        publics.append("des établissements REP ou REP+")
    if offer.priority_qpv:
        publics.append("des quartiers prioritaires de la ville (QPV)")
    if not publics:
        return ""
    return "Stage proposé en priorité aux élèves " + " et aux élèves ".join(publics) + "."


def payload(offer, track: str, today=None) -> dict:
    """The national `internship_offer` object for one track of a published offer."""
    organisation = offer.organisation
    commune = offer.commune
    periods = list(offer.periods.all())
    if not periods:
        raise Inexpressible("L'offre n'a aucune période d'accueil : ajoutez-en une.")
    current = school_year_of(today or timezone.localdate())
    if track == Track.SECONDE:
        grades = ["seconde"]
        weeks, note, places = _seconde(periods, current)
    else:
        grades = [grade for public, grade in COLLEGE_GRADES.items() if public in offer.publics]
        weeks, note, places = _college(periods, current)
    if len(offer.street.strip()) > LIMITS["street"]:
        raise Inexpressible(
            f"L'adresse du lieu de stage compte {len(offer.street.strip())} caractères ; la "
            f"plateforme nationale en accepte {LIMITS['street']} au plus : raccourcissez-la "
            "(numéro et rue suffisent)."
        )
    if not SECTOR_CODE.match(offer.sector_id or ""):
        raise Inexpressible(
            f"Le secteur « {offer.sector} » n'existe pas dans la liste nationale : "
            "choisissez un autre secteur."
        )
    zipcode = commune.main_postcode
    if not POSTCODE.match(zipcode):
        raise Inexpressible(f"La commune « {commune.name} » n'a pas de code postal valide.")
    permalink = settings.SITE_URL + offer.get_absolute_url()
    if len(permalink) > LIMITS["permalink"] or re.search("test|staging", permalink, re.I):
        raise Inexpressible(
            f"L'adresse de l'offre ({permalink}) serait refusée par la plateforme nationale "
            "(plus de 200 caractères, ou contient « test » ou « staging ») : "
            "vérifiez le réglage SITE_URL."
        )
    description = offer.description
    send_flags = settings.NATIONAL_SEND_PRIORITY_FLAGS
    if not send_flags and (line := priority_line(offer)):
        description = f"{line}\n\n{description}"
    if note:
        description = f"{note}\n\n{description}"
    employer_description = organisation.description.strip() or (
        f"{organisation.get_host_type_display()} à {organisation.commune.name}."
    )
    body = {
        "title": cut(offer.title, LIMITS["title"]),
        "description": cut(description, LIMITS["description"]),
        "employer_name": cut(organisation.name, LIMITS["employer_name"]),
        "employer_description": cut(employer_description, LIMITS["employer_description"]),
        "street": offer.street.strip(),
        "zipcode": zipcode,
        "city": cut(commune.name, LIMITS["city"]),
        "coordinates": {"latitude": commune.latitude, "longitude": commune.longitude},
        "sector_uuid": offer.sector_id,
        "grades": grades,
        "weeks": weeks,
        "remote_id": remote_id(offer.pk, track),
        "permalink": permalink,
        "max_candidates": places,
        "is_public": organisation.is_public,
        "handicap_accessible": offer.accessible,
        # False unless the setting says otherwise: see docs/sync.md, "REP and QPV".
        "rep": bool(send_flags and offer.priority_rep),
        "qpv": bool(send_flags and offer.priority_qpv),
    }
    if organisation.website and len(organisation.website) <= LIMITS["employer_website"]:
        body["employer_website"] = organisation.website
    if offer.hours_start and offer.hours_end:
        hours = [f"{offer.hours_start:%H:%M}", f"{offer.hours_end:%H:%M}"]
        body["daily_hours"] = {day: hours for day in WEEKDAYS}
    if offer.lunch_break:
        body["lunch_break"] = offer.lunch_break
    return body


def payload_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
