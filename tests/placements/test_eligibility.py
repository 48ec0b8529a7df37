"""Who may apply to what: level × offer publics × period kind × existing placements ->
allowed ("") or the exact French refusal, from `placements.eligibility`; then the same
refusals from the service, whatever the path (a crafted POST gets them too)."""

import datetime

import pytest

from offers.models import Public
from offers.models import State as OfferState
from offers.places import places_taken
from placements import eligibility, levels, services
from placements.levels import Level
from placements.models import Application, AppState, ExternalPlacement
from reference.models import School
from reference.periods import seconde_period
from stages_bfc import french
from tests.factories import OfferFactory, PupilFactory, SchoolFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil, this_school_year

pytestmark = pytest.mark.django_db

YEAR = this_school_year()
NATIONAL = seconde_period(YEAR)
(WEEK1, FRIDAY1), (WEEK2, FRIDAY2) = NATIONAL.working_weeks
APRIL = (WEEK1 - datetime.timedelta(weeks=10), FRIDAY1 - datetime.timedelta(weeks=10))
MAY = (WEEK1 - datetime.timedelta(weeks=5), FRIDAY1 - datetime.timedelta(weeks=5))
PERIODS = {
    "week1": (WEEK1, FRIDAY1),
    "week2": (WEEK2, FRIDAY2),
    "both": (WEEK1, FRIDAY2),
    "april": APRIL,
    "may": MAY,
}
# The rule is read as on a day of the school year before every period of the table.
TODAY = APRIL[0] - datetime.timedelta(weeks=8)
KIND = {
    Level.SECONDE: School.Kind.LYCEE,
    Level.TROISIEME: School.Kind.COLLEGE,
    Level.QUATRIEME: School.Kind.COLLEGE,
    Level.CAP: School.Kind.LYCEE_PRO,
    Level.ADULTE: School.Kind.LYCEE,
}
W1 = f"la semaine du {WEEK1.day} juin"
SECONDE_WEEKS = (
    "Cette période n'est pas celle des stages de seconde : les élèves de seconde font leur "
    f"stage pendant les semaines nationales, {french.date_range(NATIONAL.start, NATIONAL.end)}."
)
S, C3, C4 = Public.SECONDE, Public.TROISIEME, Public.QUATRIEME

TABLE = [
    # level, offer publics, period asked, the pupil's situation, expected
    (Level.SECONDE, [S], "week1", "nothing", ""),
    (Level.SECONDE, [S], "both", "nothing", ""),
    (Level.SECONDE, [S, C3], "week2", "nothing", ""),
    (Level.SECONDE, [Public.ADULTE], "april", "nothing",
     "Cette offre est réservée aux adultes en reconversion"),
    (Level.SECONDE, [S, C3], "april", "nothing", SECONDE_WEEKS),
    (Level.SECONDE, [S, Public.LYCEE_PRO], "may", "nothing", SECONDE_WEEKS),
    (Level.TROISIEME, [S], "week1", "nothing",
     "Cette offre est réservée aux élèves de seconde générale et technologique"),
    (Level.TROISIEME, [C3], "april", "nothing", ""),
    (Level.TROISIEME, [C3, S], "week1", "nothing", eligibility.SECONDE_ONLY),
    (Level.TROISIEME, [C3, S], "april", "nothing", ""),
    (Level.QUATRIEME, [C3], "april", "nothing", "Cette offre est réservée aux collégiens de 3e"),
    (Level.QUATRIEME, [C4, C3], "april", "nothing", ""),
    (Level.QUATRIEME, [S, Public.APPRENTI], "week1", "nothing",
     "Cette offre est réservée aux élèves de seconde générale et technologique et aux apprentis"),
    (Level.CAP, [Public.LYCEE_PRO], "may", "nothing", ""),
    (Level.ADULTE, [Public.ADULTE, Public.POST_BAC], "april", "nothing", ""),
    # existing placements
    (Level.SECONDE, [S], "week2", "week1 confirmed", ""),
    (Level.SECONDE, [S], "week1", "week1 confirmed", f"Vous avez déjà un stage {W1}"),
    (Level.SECONDE, [S], "both", "week1 confirmed", f"Vous avez déjà un stage {W1}"),
    (Level.SECONDE, [S], "week2", "week1 found elsewhere", ""),
    (Level.SECONDE, [S], "both", "week1 found elsewhere", f"Vous avez déjà un stage {W1}"),
    (Level.SECONDE, [S], "week2", "both confirmed",
     "Votre stage est complet (2 semaines sur 2) : plus besoin de candidater cette année."),
    (Level.SECONDE, [S], "week2", "week1 and week2 with two hosts",
     "Votre stage est complet (2 semaines sur 2) : plus besoin de candidater cette année."),
    (Level.TROISIEME, [C3], "may", "april confirmed",
     "Votre stage est complet (5 jours sur 5) : plus besoin de candidater cette année."),
    (Level.TROISIEME, [C3], "april", "april confirmed",
     "Votre stage est complet (5 jours sur 5) : plus besoin de candidater cette année."),
    (Level.CAP, [Public.LYCEE_PRO], "may", "april confirmed", ""),
    (Level.ADULTE, [Public.ADULTE], "april", "april confirmed",
     f"Vous avez déjà un stage la semaine du {APRIL[0].day} avril"),
    # applications
    (Level.SECONDE, [S], "week1", "applied here", "Vous avez déjà candidaté : en attente de réponse"),
    (Level.SECONDE, [S], "week1", "accepted here",
     "Vous avez déjà candidaté : votre candidature est acceptée, confirmez-la dans "
     "« Mes candidatures »"),
    (Level.SECONDE, [S], "week2", "4 pending", ""),
    (Level.SECONDE, [S], "week2", "5 pending", eligibility.TOO_MANY),
    # the offer and its period
    (Level.SECONDE, [S], "week1", "no place left", eligibility.NO_PLACE),
    (Level.SECONDE, [S], "week1", "offer filled", eligibility.OFFLINE[OfferState.FILLED]),
    (Level.SECONDE, [S], "week1", "no class", eligibility.JOIN_FIRST),
]  # fmt: skip


def _offer(publics, *dates):
    return OfferFactory(
        state=OfferState.PUBLISHED, publics=publics, periods=[(*d, 2) for d in dates]
    )


def _placement(pupil, dates, state=AppState.CONFIRMED):
    offer = _offer([levels.public_of(_level(pupil))], dates)
    return ApplicationFactory(pupil=pupil, offer=offer, state=state)


def _level(pupil):
    return pupil.enrolments.get().school_class.level


def _situation(pupil, situation, offer):
    if situation == "week1 confirmed":
        _placement(pupil, PERIODS["week1"])
    elif situation == "both confirmed":
        _placement(pupil, PERIODS["both"])
    elif situation == "week1 and week2 with two hosts":
        _placement(pupil, PERIODS["week1"])
        _placement(pupil, PERIODS["week2"])
    elif situation == "april confirmed":
        _placement(pupil, APRIL)
    elif situation == "week1 found elsewhere":
        ExternalPlacement.objects.create(
            pupil=pupil, school_year=YEAR, host_name="Mairie", commune="Dole",
            start=WEEK1, end=FRIDAY1,
        )  # fmt: skip
    elif situation in ("applied here", "accepted here"):
        state = AppState.SUBMITTED if situation == "applied here" else AppState.ACCEPTED
        ApplicationFactory(pupil=pupil, offer=offer, state=state)
    elif situation.endswith("pending"):
        for _ in range(int(situation[0])):
            _placement(pupil, PERIODS["week2"], state=AppState.SUBMITTED)
    elif situation == "no place left":
        for _ in range(2):
            ApplicationFactory(offer=offer, state=AppState.CONFIRMED)
    elif situation == "offer filled":
        type(offer).objects.filter(pk=offer.pk).update(state=OfferState.FILLED)
        offer.refresh_from_db()


def _pupil(level, situation):
    school_class = SchoolClassFactory(school=SchoolFactory(kind=KIND[level]), level=level)
    if situation == "no class":
        return PupilFactory(school=school_class.school)
    return enrolled_pupil(school_class)


@pytest.mark.parametrize(("level", "publics", "period", "situation", "expected"), TABLE)
def test_eligibility_table(level, publics, period, situation, expected):
    pupil = _pupil(level, situation)
    offer = _offer(publics, PERIODS[period])
    _situation(pupil, situation, offer)
    asked = offer.periods.get()
    left = asked.places - places_taken(asked.pk)

    reason = eligibility.period_refusal(
        eligibility.situation_of(pupil), offer, asked, left, today=TODAY
    )

    assert reason == expected


SERVICE_ROWS = [row for row in TABLE if row[2] in ("week1", "week2", "both")]


@pytest.mark.parametrize(("level", "publics", "period", "situation", "expected"), SERVICE_ROWS)
def test_the_service_refuses_what_the_rule_refuses(level, publics, period, situation, expected):
    """Any path to the service (a crafted POST, a stale tab) meets the same refusal."""
    pupil = _pupil(level, situation)
    offer = _offer(publics, PERIODS[period])
    _situation(pupil, situation, offer)
    before = Application.objects.count()

    if expected:
        with pytest.raises(services.ApplicationError) as refused:
            services.apply(pupil, offer, offer.periods.get())
        assert str(refused.value).rstrip(".") == expected.rstrip(".")
        assert Application.objects.count() == before
    else:
        application = services.apply(pupil, offer, offer.periods.get())
        assert application.state == AppState.SUBMITTED


def test_a_period_of_another_offer_is_refused():
    pupil = enrolled_pupil()
    offer, other = _offer([S], PERIODS["week1"]), _offer([S], PERIODS["week2"])
    with pytest.raises(services.ApplicationError, match="Choisissez une des périodes"):
        services.apply(pupil, offer, other.periods.get())


def test_the_pending_limit_is_small_and_explained():
    assert eligibility.MAX_PENDING == 5
    assert "5 candidatures en attente" in eligibility.TOO_MANY
