"""The demo's conventions: each demo school's convention settings (address, head), made
before the placements are confirmed so that every drafted convention names its head, and
Léo's (eleve@…) convention completed with his family's part, ready to send for signature
from the teacher's page. Through conventions' own forms and services, as a user would."""

import datetime

from conventions import services
from conventions.forms import FamilyForm
from conventions.models import Convention, SchoolSettings
from reference.models import School

from .offers import DEMO_DOMAIN
from .school_year import TEACHERS

HEAD_EMAIL = f"proviseur@{DEMO_DOMAIN}"
GUARDIAN_EMAIL = f"parent.eleve@{DEMO_DOMAIN}"


def seed_school_settings() -> None:
    for uai in {uai for _, _, uai in TEACHERS.values()}:
        school = School.objects.get(uai=uai)
        SchoolSettings.objects.get_or_create(
            school=school,
            defaults={
                "address": f"1 rue de l'Établissement, {school.commune.name}",
                "head_name": "Claire Proviseure",
                "head_email": HEAD_EMAIL,
            },
        )


def complete_pupil_convention(pupil) -> Convention | None:
    """The pupil's first convention, with the family's part and the hours the rules allow."""
    convention = (
        Convention.objects.live().filter(pupil=pupil, amends=None).order_by("start").first()
    )
    if convention is None or convention.guardian_email:
        return convention
    if convention.hours_start is None or convention.hours_end is None:
        Convention.objects.filter(pk=convention.pk).update(
            hours_start=datetime.time(9), hours_end=datetime.time(16), break_minutes=60
        )
        convention.refresh_from_db()
    form = FamilyForm(
        {
            "pupil_email": convention.pupil_email,
            "birth_date": "2010-09-14",
            "postal_address": "8 chemin des Vignes, 21000 Dijon",
            "guardian_name": "Samia Perrin",
            "guardian_email": GUARDIAN_EMAIL,
            "insurance": "MAIF, contrat 123456",
        },
        instance=convention,
    )
    if form.is_valid():
        services.save_draft(form)
    return convention
