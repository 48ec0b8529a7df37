"""Demo class, pupils and applications for `seed_demo` (deterministic and idempotent).

The demo teacher's class "2de A" has the join code DEMO2A. Léo Perrin (eleve@…) logs in by
e-mail; the other pupils have no e-mail and log in with the class code and DEMO-2027 (Inès)
or a code their teacher resets. Rows are written directly, with their audit rows, so that no
e-mail leaves during seeding.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from offers.models import Offer, Public, State
from reference.periods import school_year_of

from . import codes
from .models import (
    Application,
    ApplicationTransition,
    AppState,
    Enrolment,
    ExternalPlacement,
    SchoolClass,
)

DEMO_CLASS_CODE = "DEMO2A"
DEMO_PUPIL_CODE = "DEMO-2027"
# (first name, last name, what happened): pupils created by the teacher, without e-mail.
PUPILS = [
    ("Inès", "Bouvier", AppState.CONFIRMED),
    ("Hugo", "Lambert", AppState.ACCEPTED),
    ("Chloé", "Mercier", AppState.SUBMITTED),
    ("Nathan", "Guyot", "external"),
    ("Manon", "Pernot", None),
    ("Yanis", "Girard", AppState.DECLINED),
]
PATHS = {
    AppState.SUBMITTED: [AppState.SUBMITTED],
    AppState.ACCEPTED: [AppState.SUBMITTED, AppState.ACCEPTED],
    AppState.CONFIRMED: [AppState.SUBMITTED, AppState.ACCEPTED, AppState.CONFIRMED],
    AppState.DECLINED: [AppState.SUBMITTED, AppState.DECLINED],
}


def _demo_offers(employer) -> list[Offer]:
    """Published seconde offers with room, the demo employer's organisation's first."""
    published = Offer.objects.filter(
        state=State.PUBLISHED, publics__contains=[Public.SECONDE], periods__places__gte=2
    ).distinct()
    own = list(published.filter(organisation__memberships__user=employer).order_by("pk")[:3])
    others = list(published.exclude(pk__in=[o.pk for o in own]).order_by("pk")[: 6 - len(own)])
    return own + others


def _application(pupil, offer, school_class, final_state, actor, days_ago):
    period = offer.periods.order_by("start").first()
    application, created = Application.objects.get_or_create(
        pupil=pupil,
        offer=offer,
        defaults={
            "period": period,
            "start": period.start,
            "end": period.end,
            "school_class": school_class,
            "motivation": "Ce métier m'intéresse depuis longtemps et je voudrais le découvrir.",
            "created_at": timezone.now() - datetime.timedelta(days=days_ago),
        },
    )
    if not created:
        return application
    source = ""
    for target in PATHS[final_state]:
        ApplicationTransition.objects.create(
            application=application,
            actor=pupil if target in (AppState.SUBMITTED, AppState.CONFIRMED) else actor,
            source=source,
            target=target,
        )
        source = target
    Application.objects.filter(pk=application.pk).update(state=final_state)
    return application


@transaction.atomic
def seed_placements(teacher, pupil_with_email, employer) -> SchoolClass | None:
    school_year = school_year_of(timezone.localdate())
    school_class, _ = SchoolClass.objects.get_or_create(
        join_code=DEMO_CLASS_CODE,
        defaults={"school_id": teacher.school_id, "name": "2de A", "school_year": school_year},
    )
    school_class.teachers.add(teacher)
    Enrolment.objects.get_or_create(pupil=pupil_with_email, school_class=school_class)
    offers = _demo_offers(employer)
    if not offers:
        return school_class
    _application(pupil_with_email, offers[0], school_class, AppState.SUBMITTED, employer, 2)
    for index, (first, last, outcome) in enumerate(PUPILS):
        enrolment = Enrolment.objects.filter(
            school_class=school_class, pupil__first_name=first, pupil__last_name=last
        ).first()
        if enrolment is None:
            pupil = User.objects.create_user(
                None,
                None,
                role=User.Role.PUPIL,
                first_name=first,
                last_name=last,
                school_id=school_class.school_id,
            )
            enrolment = Enrolment.objects.create(pupil=pupil, school_class=school_class)
            if index == 0:
                enrolment.login_digest = codes.login_digest(DEMO_CLASS_CODE, DEMO_PUPIL_CODE)
                enrolment.save(update_fields=["login_digest"])
        pupil = enrolment.pupil
        if outcome == "external":
            ExternalPlacement.objects.get_or_create(
                pupil=pupil,
                school_year=school_year,
                defaults={
                    "host_name": "Pharmacie du Centre",
                    "commune": "Besançon",
                    "start": offers[0].periods.order_by("start").first().start,
                    "end": offers[0].periods.order_by("start").first().end,
                },
            )
        elif outcome:
            offer = offers[index % len(offers)]
            _application(pupil, offer, school_class, outcome, employer, 9 - index)
    return school_class
