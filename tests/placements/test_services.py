"""The application state machine, its audit trail, places and the offer's filled state."""

import pytest

from offers.models import OfferTransition
from offers.models import State as OfferState
from offers.selectors import places_left, with_places_taken
from placements import services
from placements.models import AppState
from tests.factories import EmployerFactory, OfferFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil

pytestmark = pytest.mark.django_db


def left(period):
    return places_left(with_places_taken(type(period).objects.filter(pk=period.pk)).get())


@pytest.fixture
def offer():
    return OfferFactory(state=OfferState.PUBLISHED)


@pytest.fixture
def member(offer):
    return EmployerFactory(organisation=offer.organisation)


def test_apply_creates_a_submitted_application_with_audit(offer, mailoutbox, member, on_commit):
    pupil = enrolled_pupil()
    with on_commit(execute=True):
        application = services.apply(pupil, offer, offer.periods.first(), " Motivé ")
    assert application.state == AppState.SUBMITTED
    assert application.motivation == "Motivé"
    assert [(t.source, t.target) for t in application.transitions.all()] == [("", "submitted")]
    assert mailoutbox[-1].to == [member.email]
    assert "Nouvelle candidature" in mailoutbox[-1].subject


@pytest.mark.parametrize(
    ("source", "action", "allowed"),
    [
        (AppState.SUBMITTED, "accept", True),
        (AppState.SUBMITTED, "decline", True),
        (AppState.SUBMITTED, "withdraw", True),
        (AppState.SUBMITTED, "confirm", False),
        (AppState.SUBMITTED, "cancel", False),
        (AppState.ACCEPTED, "confirm", True),
        (AppState.ACCEPTED, "cancel", True),
        (AppState.ACCEPTED, "accept", False),
        (AppState.ACCEPTED, "withdraw", False),
        (AppState.CONFIRMED, "cancel", True),
        (AppState.CONFIRMED, "decline", False),
        (AppState.DECLINED, "accept", False),
        (AppState.WITHDRAWN, "accept", False),
        (AppState.CANCELLED, "confirm", False),
    ],
)
def test_state_machine(source, action, allowed, member):
    application = ApplicationFactory(state=source)
    kwargs = {"reason": "Changement de programme"} if action == "cancel" else {}
    call = getattr(services, action)
    if allowed:
        call(application, member, **kwargs)
        application.refresh_from_db()
        last = application.transitions.last()
        assert (last.source, last.target, last.actor) == (source, application.state, member)
    else:
        with pytest.raises(services.ApplicationError):
            call(application, member, **kwargs)
        application.refresh_from_db()
        assert application.state == source
        assert not application.transitions.exists()


def test_accepting_the_last_place_fills_the_offer_and_cancelling_reopens_it(offer, member):
    period = offer.periods.get()
    period.places = 1
    period.save()
    first = ApplicationFactory(offer=offer)
    second = ApplicationFactory(offer=offer)

    services.accept(first, member, "Bienvenue !")

    offer.refresh_from_db()
    assert offer.state == OfferState.FILLED
    assert left(period) == 0
    assert OfferTransition.objects.filter(offer=offer, target=OfferState.FILLED).exists()
    with pytest.raises(services.ApplicationError, match="plus de place"):
        services.accept(second, member)

    services.cancel(first, member, reason="Fermeture exceptionnelle")

    offer.refresh_from_db()
    assert offer.state == OfferState.PUBLISHED
    assert left(period) == 1


def test_confirming_withdraws_other_pending_and_cancels_other_accepted(
    offer, member, mailoutbox, on_commit
):
    pupil = enrolled_pupil()
    chosen = ApplicationFactory(offer=offer, pupil=pupil, state=AppState.ACCEPTED)
    pending = ApplicationFactory(pupil=pupil)
    other_accepted = ApplicationFactory(pupil=pupil, state=AppState.ACCEPTED)
    untouched = ApplicationFactory()

    with on_commit(execute=True):
        services.confirm(chosen, pupil)

    for application in (chosen, pending, other_accepted, untouched):
        application.refresh_from_db()
    assert chosen.state == AppState.CONFIRMED
    assert pending.state == AppState.WITHDRAWN
    assert other_accepted.state == AppState.CANCELLED
    assert untouched.state == AppState.SUBMITTED
    subjects = [m.subject for m in mailoutbox if member.email in m.to]
    assert len(subjects) == 1
    assert "Stage confirmé" in subjects[0]


def test_answer_emails_the_pupil_and_their_teachers(member, mailoutbox, on_commit):
    school_class = SchoolClassFactory()
    teacher = school_class.teachers.get()
    application = ApplicationFactory(pupil=enrolled_pupil(school_class))

    with on_commit(execute=True):
        services.accept(application, member, "À lundi !")

    recipients = [m.to for m in mailoutbox]
    assert [application.pupil.email] in recipients
    assert [teacher.email] in recipients
    pupil_mail = next(m for m in mailoutbox if m.to == [application.pupil.email])
    assert "acceptée" in pupil_mail.subject
    assert "À lundi !" in pupil_mail.body


def test_pupil_without_email_answer_goes_to_teachers_only(member, mailoutbox, on_commit):
    school_class = SchoolClassFactory()
    teacher = school_class.teachers.get()
    pupil = enrolled_pupil(school_class, email=None, verified=False)
    application = ApplicationFactory(pupil=pupil)

    with on_commit(execute=True):
        services.decline(application, member)

    assert [m.to for m in mailoutbox] == [[teacher.email]]


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("twice", "déjà candidaté"),
        ("filled", "complète"),
        ("draft", "n'est pas en ligne"),
        ("no_place", "plus de place"),
        ("no_class", "Rejoignez d'abord votre classe"),
    ],
)
def test_apply_bad_input_has_a_clear_message(setup, message, offer):
    pupil = enrolled_pupil()
    period = offer.periods.get()
    if setup == "twice":
        services.apply(pupil, offer, period)
    elif setup == "filled":
        offer = OfferFactory(state=OfferState.FILLED)
        period = offer.periods.get()
    elif setup == "draft":
        offer = OfferFactory(state=OfferState.DRAFT)
        period = offer.periods.get()
    elif setup == "no_place":
        ApplicationFactory(offer=offer, state=AppState.CONFIRMED)
        ApplicationFactory(offer=offer, state=AppState.ACCEPTED)
    elif setup == "no_class":
        from tests.factories import PupilFactory

        pupil = PupilFactory()
    with pytest.raises(services.ApplicationError, match=message):
        services.apply(pupil, offer, period)


def test_cancel_needs_a_reason(member):
    application = ApplicationFactory(state=AppState.CONFIRMED)
    with pytest.raises(services.ApplicationError, match="motif"):
        services.cancel(application, member, reason="  ")


def test_external_placement_releases_pending_applications():
    pupil = enrolled_pupil()
    pending = ApplicationFactory(pupil=pupil)
    school_year = pupil.enrolments.get().school_class.school_year
    services.record_external(
        pupil,
        school_year,
        host_name="Garage Roy",
        commune="Dole",
        start=pending.start,
        end=pending.end,
    )
    pending.refresh_from_db()
    assert pending.state == AppState.WITHDRAWN
    with pytest.raises(services.ApplicationError, match="Votre stage est complet"):
        other = OfferFactory(state=OfferState.PUBLISHED)
        services.apply(pupil, other, other.periods.get())


def test_cancellation_sends_the_pupil_a_message_of_their_own(offer, member, mailoutbox, on_commit):
    school_class = SchoolClassFactory()
    teacher = school_class.teachers.get()
    pupil = enrolled_pupil(school_class)
    application = ApplicationFactory(offer=offer, pupil=pupil, state=AppState.CONFIRMED)

    with on_commit(execute=True):
        services.cancel(application, member, reason="Fermeture exceptionnelle")

    recipients = sorted(sorted(m.to) for m in mailoutbox)
    assert recipients == sorted([sorted([member.email, teacher.email]), [pupil.email]])
    assert all("Fermeture exceptionnelle" in m.body for m in mailoutbox)


def test_accepting_reads_the_places_of_all_periods_in_one_query(member):
    """The offer's filled state is checked with one query, however many periods it has."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_accept(periods):
        offer = OfferFactory(state=OfferState.PUBLISHED)
        EmployerFactory(organisation=offer.organisation)
        first = offer.periods.get()
        first.places = 1
        first.save()
        for week in range(1, periods):  # full periods: every one is looked at
            full = offer.periods.create(
                start=first.start - datetime.timedelta(weeks=week * 3),
                end=first.end - datetime.timedelta(weeks=week * 3),
                places=1,
            )
            ApplicationFactory(offer=offer, period=full, state=AppState.ACCEPTED)
        application = ApplicationFactory(offer=offer, period=first)
        with CaptureQueriesContext(connection) as queries:
            services.accept(application, member)
        offer.refresh_from_db()
        assert offer.state == OfferState.FILLED
        return len(queries)

    assert queries_to_accept(4) == queries_to_accept(1)
