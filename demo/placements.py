"""The demo teacher's class, its pupils and their applications (deterministic, idempotent).

The class "2de A" has the join code DEMO2A. Léo Perrin (eleve@…) logs in by e-mail; the
other pupils have no e-mail and log in with the class code and DEMO-2027 (Inès) or a code
their teacher resets. Pupils are created, enrolled and placed through placements' own
services, so the demo follows the same rules (places, states, audit rows) as real use and
queues the same notifications: the worker prints them on its console in development.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from offers.models import Offer, Public, State
from placements import classes, codes, services
from placements.levels import Level
from placements.models import Application, AppState, Enrolment, ExternalPlacement, SchoolClass
from reference.periods import school_year_of

DEMO_CLASS_CODE = "DEMO2A"
DEMO_PUPIL_CODE = "DEMO-2027"
MOTIVATION = "Ce métier m'intéresse depuis longtemps et je voudrais le découvrir."
# (first name, last name, what happened): pupils created by the teacher, without e-mail.
PUPILS = [
    ("Inès", "Bouvier", AppState.CONFIRMED),
    ("Hugo", "Lambert", AppState.ACCEPTED),
    ("Chloé", "Mercier", AppState.SUBMITTED),
    ("Nathan", "Guyot", "external"),
    ("Manon", "Pernot", None),
    ("Yanis", "Girard", AppState.DECLINED),
]


def _demo_offers(employer) -> list[Offer]:
    """Published seconde offers with room, the demo employer's organisation's first."""
    published = Offer.objects.filter(
        state=State.PUBLISHED, publics__contains=[Public.SECONDE], periods__places__gte=2
    ).distinct()
    own = list(published.filter(organisation__memberships__user=employer).order_by("pk")[:3])
    others = list(published.exclude(pk__in=[o.pk for o in own]).order_by("pk")[: 6 - len(own)])
    return own + others


def _application(pupil, offer, final_state, employer, days_ago) -> Application:
    """The pupil's application, taken through the moves that lead to `final_state`."""
    existing = Application.objects.filter(pupil=pupil, offer=offer).first()
    if existing:
        return existing
    period = offer.periods.filter(places__gte=2).order_by("start").first()
    application = services.apply(pupil, offer, period, MOTIVATION)
    if final_state in (AppState.ACCEPTED, AppState.CONFIRMED):
        services.accept(application, employer)
    if final_state == AppState.CONFIRMED:
        services.confirm(application, pupil)
    if final_state == AppState.DECLINED:
        services.decline(application, employer)
    # Shown as received some days ago, as in a class that has been at it for a while.
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return application


def _class(teacher, school_year: int) -> SchoolClass:
    # Created here rather than by classes.create_class, which draws a random join code.
    school_class, _ = SchoolClass.objects.get_or_create(
        join_code=DEMO_CLASS_CODE,
        defaults={
            "school_id": teacher.school_id,
            "name": "2de A",
            "level": Level.SECONDE,
            "school_year": school_year,
        },
    )
    school_class.teachers.add(teacher)
    return school_class


def _pupil(school_class, index: int, first: str, last: str) -> User:
    enrolment = Enrolment.objects.filter(
        school_class=school_class, pupil__first_name=first, pupil__last_name=last
    ).first()
    if enrolment is None:
        (issued,) = classes.create_pupils(school_class, f"{last} ; {first}")
        enrolment = Enrolment.objects.get(pupil=issued.pupil, school_class=school_class)
        if index == 0:  # a known personal code, printed in the README
            enrolment.login_digest = codes.login_digest(DEMO_CLASS_CODE, DEMO_PUPIL_CODE)
            enrolment.save(update_fields=["login_digest"])
    return enrolment.pupil


@transaction.atomic
def seed_placements(teacher, pupil_with_email, employer) -> SchoolClass | None:
    school_year = school_year_of(timezone.localdate())
    school_class = _class(teacher, school_year)
    if not Enrolment.objects.filter(pupil=pupil_with_email, school_class=school_class).exists():
        classes.join(pupil_with_email, DEMO_CLASS_CODE)
    offers = _demo_offers(employer)
    if not offers:
        return school_class
    _application(pupil_with_email, offers[0], AppState.SUBMITTED, employer, 2)
    for index, (first, last, outcome) in enumerate(PUPILS):
        pupil = _pupil(school_class, index, first, last)
        if outcome == "external":
            if not ExternalPlacement.objects.filter(pupil=pupil, school_year=school_year):
                period = offers[0].periods.order_by("start").first()
                services.record_external(
                    pupil,
                    school_year,
                    host_name="Pharmacie du Centre",
                    commune="Besançon",
                    start=period.start,
                    end=period.end,
                )
        elif outcome:
            offer = offers[index % len(offers)]
            _application(pupil, offer, outcome, employer, 9 - index)
    return school_class
