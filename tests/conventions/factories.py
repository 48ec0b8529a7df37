"""A confirmed placement and its drafted convention, completed or not."""

import datetime

from conventions.models import Convention, SchoolClauses, SchoolSettings
from placements import services as placement_services
from placements.models import AppState
from tests.factories import OfferFactory
from tests.placements.factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil


def school_settings(school, **fields):
    values = {
        "address": "3 rue du Lycée, 25000 Besançon",
        "head_name": "Claire Proviseure",
        "head_email": "proviseure@lycee.example",
        **fields,
    }
    return SchoolSettings.objects.update_or_create(school=school, defaults=values)[0]


def confirmed_placement(school_class=None, offer=None, **pupil_fields):
    """An accepted application, confirmed through placements' service (which drafts)."""
    school_class = school_class or SchoolClassFactory()
    school_settings(school_class.school)
    SchoolClauses.objects.get_or_create(
        school=school_class.school,
        level=school_class.level,
        defaults={"approved_on": datetime.date(2026, 9, 15), "text": "Tenue correcte exigée."},
    )
    offer = offer or OfferFactory(
        state="published",
        hours_start=datetime.time(9),
        hours_end=datetime.time(16, 30),
        lunch_break="1 h",
    )
    pupil = enrolled_pupil(school_class, **pupil_fields)
    application = ApplicationFactory(
        offer=offer, pupil=pupil, school_class=school_class, state=AppState.ACCEPTED
    )
    placement_services.confirm(application, pupil)
    return application


FAMILY = {
    "birth_date": datetime.date(2011, 3, 14),
    "postal_address": "8 chemin des Vignes, 25000 Besançon",
    "guardian_name": "Samia Martin",
    "guardian_email": "samia.martin@famille.example",
    "insurance": "MAIF, contrat 123456",
}


def complete(convention: Convention, **fields) -> Convention:
    for name, value in {**FAMILY, **fields}.items():
        setattr(convention, name, value)
    convention.save()
    return convention
