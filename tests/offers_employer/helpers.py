import datetime

from django.utils import timezone

from reference.periods import coming_seconde_period
from tests.factories import SectorFactory


def next_week(today=None, weeks_ahead=3) -> tuple[datetime.date, datetime.date]:
    """A Monday-to-Friday week a few weeks ahead, inside one school year."""
    today = today or timezone.localdate()
    start = today + datetime.timedelta(weeks=weeks_ahead)
    start -= datetime.timedelta(days=start.weekday())
    end = start + datetime.timedelta(days=4)
    if start.month == 8 and end.month == 9:
        start += datetime.timedelta(days=7)
        end += datetime.timedelta(days=7)
    return start, end


def offer_data(sector_code=None, periods=(), **overrides) -> dict:
    """A complete, valid POST for the offer form (3e pupils, one week)."""
    data = {
        "title": "Découverte du métier de boulanger",
        "description": "Pétrir, façonner et cuire le pain avec l'équipe.",
        "sector": sector_code or SectorFactory().code,
        "publics": ["3e"],
        "street": "12 rue des Granges",
        "commune": "Besançon",
        "hours_start": "08:30",
        "hours_end": "16:30",
        "lunch_break": "12 h – 13 h",
        "accessible": "non",
        "accessibility_details": "",
        "transport": "Bus ligne 3",
        "tutor_name": "Dominique Petit",
        "tutor_email": "tuteur@boulangerie.fr",
        "tutor_phone": "",
        "seconde_week": "",
        "seconde_places": "",
    }
    rows = list(periods) or [(*next_week(), 2)]
    data.update(
        {
            "periodes-TOTAL_FORMS": str(max(len(rows), 3)),
            "periodes-INITIAL_FORMS": "0",
            "periodes-MIN_NUM_FORMS": "0",
            "periodes-MAX_NUM_FORMS": "6",
        }
    )
    for index in range(max(len(rows), 3)):
        start, end, places = rows[index] if index < len(rows) else ("", "", "")
        data[f"periodes-{index}-start"] = start.isoformat() if start else ""
        data[f"periodes-{index}-end"] = end.isoformat() if end else ""
        data[f"periodes-{index}-places"] = str(places)
    data.update(overrides)
    return data


def seconde_dates(today=None):
    period = coming_seconde_period(today or timezone.localdate())
    return period


def as_query_dict(data: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query
