"""The demo school year played through placements' services (deterministic, idempotent):
the hosts and offers of demo/school_year.py, the classes, their pupils and what happened
to each of them.

The class "2de A" (Lycée Carnot) has the join code DEMO2A. Léo Perrin (eleve@…) logs in by
e-mail; the other pupils have no e-mail and log in with their class code and DEMO-2027
(Inès, 2de A) or a code their teacher resets. Pupils are created, enrolled and placed
through placements' own services, so the demo follows the same rules (eligibility, places,
states, audit rows) as real use and queues the same notifications: the worker prints them
on its console in development.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from offers.models import Offer, OfferPeriod, State
from organisations.models import Organisation
from placements import classes, codes, services
from placements.models import (
    Application,
    AppState,
    Enrolment,
    ExternalPlacement,
    SchoolClass,
    TrainingPeriod,
)
from reference.periods import school_year_of
from sync_1j1s.services import queue_published

from .offers import siret
from .school_year import CLASSES, EMPLOYER_HOST, EXTERNAL, HOSTS, OFFERS, DemoClass, dates

logger = logging.getLogger(__name__)

DEMO_CLASS_CODE = "DEMO2A"
DEMO_PUPIL_CODE = "DEMO-2027"
KNOWN_CODE_PUPIL = ("Inès", "Bouvier")  # logs in with DEMO_PUPIL_CODE, printed in the README
MOTIVATION = "Ce métier m'intéresse depuis longtemps et je voudrais le découvrir."
# The demo hosts' SIRETs, far from those of seed_offers' organisations (seed × 10^7 + i).
HOST_SIRET_BASE = 999_000_000_000
TUTOR_DOMAIN = "accueil.demo.stages-bfc.fr"  # not counted among seed_offers' offers


def _host(index: int, key: str) -> Organisation:
    host = HOSTS[key]
    organisation, _ = Organisation.objects.get_or_create(
        siret=siret(HOST_SIRET_BASE + index),
        defaults={
            "name": host.name,
            "host_type": host.host_type,
            "street": host.street,
            "commune_id": host.commune,
            "description": f"{host.name} accueille chaque année des élèves en stage.",
        },
    )
    return organisation


def _offers(employer, spans) -> dict[str, Offer]:
    """The demo year's offers, published, with their periods; made once."""
    hosts = {key: _host(i, key) for i, key in enumerate(HOSTS)}
    hosts[EMPLOYER_HOST] = employer.membership.organisation
    made, created = {}, []
    for key, spec in OFFERS.items():
        organisation = hosts[spec.host]
        offer = Offer.objects.filter(organisation=organisation, title=spec.title).first()
        if offer is None:
            offer = Offer.objects.create(
                organisation=organisation,
                title=spec.title,
                sector_id=spec.sector,
                publics=list(spec.publics),
                description=(
                    f"Pendant votre stage, vous allez {spec.activities}. Un tuteur ou une "
                    f"tutrice de {organisation.name} vous accompagne chaque jour."
                ),
                street=organisation.street,
                commune_id=organisation.commune_id,
                hours_start=datetime.time(9, 0),
                hours_end=datetime.time(17, 0),
                lunch_break="Pause de 12 h à 13 h 30",
                tutor_name="Claire Jacquot",
                tutor_email=f"tutorat.{key.lower()}@{TUTOR_DOMAIN}",
                accessible=spec.accessible,
                state=State.PUBLISHED,
                submitted_at=timezone.now() - datetime.timedelta(days=30),
                published_at=timezone.now() - datetime.timedelta(days=28),
            )
            OfferPeriod.objects.bulk_create(
                OfferPeriod(offer=offer, start=spans[p][0], end=spans[p][1], places=spec.places)
                for p in spec.periods
            )
            created.append(offer.pk)
        made[key] = offer
    # Published without the services: their national push is queued all the same.
    queue_published(created, "seed_demo")
    return made


def _class(spec: DemoClass, teacher, school_year: int, spans) -> SchoolClass:
    # Created here rather than by classes.create_class, which draws a random join code.
    school_class, _ = SchoolClass.objects.get_or_create(
        join_code=spec.join_code,
        defaults={
            "school_id": spec.uai,
            "name": spec.name,
            "level": spec.level,
            "school_year": school_year,
        },
    )
    school_class.teachers.add(teacher)
    if spec.training_periods and not school_class.training_periods.exists():
        TrainingPeriod.objects.bulk_create(
            TrainingPeriod(school_class=school_class, start=spans[p][0], end=spans[p][1])
            for p in spec.training_periods
        )
    return school_class


def _pupil(school_class, first: str, last: str) -> User:
    enrolment = Enrolment.objects.filter(
        school_class=school_class, pupil__first_name=first, pupil__last_name=last
    ).first()
    if enrolment is None:
        (issued,) = classes.create_pupils(school_class, f"{last} ; {first}")
        enrolment = Enrolment.objects.get(pupil=issued.pupil, school_class=school_class)
        if (first, last) == KNOWN_CODE_PUPIL:
            enrolment.login_digest = codes.login_digest(school_class.join_code, DEMO_PUPIL_CODE)
            enrolment.save(update_fields=["login_digest"])
    return enrolment.pupil


def _application(pupil, offer, start, final_state, employer, days_ago) -> None:
    """The pupil's application, taken through the moves that lead to `final_state`."""
    if Application.objects.filter(pupil=pupil, offer=offer).exists():
        return
    application = services.apply(pupil, offer, offer.periods.get(start=start), MOTIVATION)
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


def _external(pupil, school_year, start, end, host_name) -> None:
    if not ExternalPlacement.objects.filter(pupil=pupil, start=start, end=end).exists():
        services.record_external(
            pupil, school_year, host_name=host_name, commune="Dijon", start=start, end=end
        )


@transaction.atomic
def seed_placements(teachers: dict[str, User], pupil_with_email, employer) -> list[SchoolClass]:
    """`teachers` by e-mail (demo/school_year.TEACHERS); the demo classes, in order."""
    today = timezone.localdate()
    school_year = school_year_of(today)
    spans = dates(school_year, today)
    offers = _offers(employer, spans)
    made = []
    for spec in CLASSES:
        school_class = _class(spec, teachers[spec.teacher], school_year, spans)
        made.append(school_class)
        for index, person in enumerate(spec.pupils):
            if spec.join_code == DEMO_CLASS_CODE and index == 0:
                pupil = pupil_with_email
                if not Enrolment.objects.filter(pupil=pupil, school_class=school_class).exists():
                    classes.join(pupil, spec.join_code)
            else:
                pupil = _pupil(school_class, person.first_name, person.last_name)
            if person.gender or person.needs_accessible_place is not None:
                services.save_profile(
                    pupil,
                    gender=person.gender,
                    needs_accessible_place=person.needs_accessible_place,
                )
            for what, period, outcome in person.steps:
                start, end = spans[period]
                try:
                    if what == EXTERNAL:
                        _external(pupil, school_year, start, end, outcome)
                    else:
                        _application(pupil, offers[what], start, outcome, employer, 9 - index)
                except services.ApplicationError as refusal:
                    # E.g. seeded once the seconde weeks have begun: that step is left out.
                    logger.warning("Démo, %s %s : %s", person.first_name, spec.name, refusal)
    return made
