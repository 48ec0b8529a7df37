"""Last school year, for the demo: a pupil of last year's 2de welcomed by the demo
employer's organisation in the first seconde week, so that its public page
(`/structures/<id>/`) counts last year and shows the "Structure accueillante" badge.

Played through placements' services (enrolment, application, acceptance, confirmation)
with the clock set to last year's May (freezegun, a development dependency, as the demo
app is): the services refuse a period already begun, as they should today. Made once.
"""

import datetime

from django.db import transaction
from freezegun import freeze_time

from accounts.models import User
from offers.models import Offer, OfferPeriod, Public, State
from placements import classes, services
from placements.levels import Level
from placements.models import Application, SchoolClass
from reference.periods import school_year_of, seconde_period

from .placements import TUTOR_DOMAIN
from .school_year import DEMO_SCHOOL

PAST_CLASS_CODE = "DEMOPASSE"
TEACHER = "enseignant.demo@ac-besancon.fr"  # Lycée Carnot's, as this year
PUPIL = ("Clara", "Renaud")
TITLE = "Accueil et vente en magasin"
MOTIVATION = "J'aimerais découvrir le commerce et le contact avec les clients."


def _played_on(school_year: int) -> datetime.datetime:
    """Early May of that school year: before its seconde weeks."""
    return datetime.datetime(school_year, 5, 4, 10, 0, tzinfo=datetime.UTC)


@transaction.atomic
def seed_past_year(
    teachers: dict[str, User], employer: User, today: datetime.date
) -> Application | None:
    """Last year's confirmed stage; None when already seeded. `teachers` by e-mail."""
    year = school_year_of(today) - 1
    school_class, _ = SchoolClass.objects.get_or_create(
        join_code=PAST_CLASS_CODE,
        defaults={
            "school_id": DEMO_SCHOOL,
            "name": "2de C",
            "level": Level.SECONDE,
            "school_year": year,
        },
    )
    school_class.teachers.add(teachers[TEACHER])
    first, last = PUPIL
    if Application.objects.filter(
        school_class=school_class, pupil__first_name=first, pupil__last_name=last
    ).exists():
        return None
    organisation = employer.membership.organisation
    week = seconde_period(year).working_weeks[0]
    with freeze_time(_played_on(year)):
        offer = Offer.objects.filter(organisation=organisation, title=TITLE).first()
        if offer is None:
            offer = Offer.objects.create(
                organisation=organisation,
                title=TITLE,
                sector_id="s12",
                publics=[Public.SECONDE],
                description=(
                    "Pendant votre stage, vous allez accueillir les clients, ranger le magasin "
                    "et découvrir la caisse, accompagné(e) par une vendeuse."
                ),
                street=organisation.street,
                commune_id=organisation.commune_id,
                hours_start=datetime.time(9, 0),
                hours_end=datetime.time(17, 0),
                lunch_break="Pause de 12 h à 13 h 30",
                tutor_name="Élise Faivre",
                tutor_email=f"tutorat.passe@{TUTOR_DOMAIN}",
                state=State.PUBLISHED,
                submitted_at=_played_on(year) - datetime.timedelta(days=30),
                published_at=_played_on(year) - datetime.timedelta(days=28),
            )
            OfferPeriod.objects.create(offer=offer, start=week[0], end=week[1], places=2)
        (issued,) = classes.create_pupils(school_class, f"{last} ; {first}")
        application = services.apply(issued.pupil, offer, offer.periods.get(), MOTIVATION)
        services.accept(application, employer)
        services.confirm(application, issued.pupil)
    return application
