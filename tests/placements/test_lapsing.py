"""Unanswered applications with a frozen clock (each job is given its `now` or `today`): the reminder at 7 days, the lapse at 14 days or
at the stage's start, whichever comes first; members' e-mail rhythms and daily digests."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from offers.models import State as OfferState
from organisations.models import EmailRhythm, Membership
from outbox.models import PendingTask
from placements import lapsing, reminders, services, tasks
from placements.models import AppState
from reference.periods import answer_deadline, lapse_bounds
from tests.factories import EmployerFactory, OfferFactory

from .factories import ApplicationFactory, enrolled_pupil

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))  # Europe/Paris in winter
STAGE = (datetime.date(2027, 6, 14), datetime.date(2027, 6, 25))


def at(day: datetime.date, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


@pytest.fixture
def offer():
    return OfferFactory(state=OfferState.PUBLISHED, periods=[(*STAGE, 3)])


@pytest.fixture
def member(offer):
    return EmployerFactory(organisation=offer.organisation, email="accueil@boulangerie.fr")


def _apply(offer, sent: datetime.datetime, **kwargs):
    return ApplicationFactory(offer=offer, created_at=sent, **kwargs)


def test_reminder_after_7_days_then_lapse_after_14_with_a_message_to_the_pupil(
    offer, member, mailoutbox, on_commit
):
    application = _apply(offer, at(datetime.date(2027, 3, 1)), pupil=enrolled_pupil())
    pupil_email = application.pupil.email

    with on_commit(execute=True):
        assert reminders.remind_unanswered(now=at(datetime.date(2027, 3, 7), 8)) == 0
        assert lapsing.lapse_unanswered(today=datetime.date(2027, 3, 7)) == 0
    with on_commit(execute=True):
        assert reminders.remind_unanswered(now=at(datetime.date(2027, 3, 8), 11)) == 1
    (reminder,) = mailoutbox
    assert reminder.to == [member.email]
    assert "à répondre au plus tard le 15 mars 2027" in reminder.body
    assert reverse("placements:inbox") in reminder.body

    # The last day to answer is the 15th: still open that night, closed the next.
    with on_commit(execute=True):
        assert lapsing.lapse_unanswered(today=datetime.date(2027, 3, 15)) == 0
    with on_commit(execute=True):
        assert lapsing.lapse_unanswered(today=datetime.date(2027, 3, 16)) == 1
    application.refresh_from_db()
    assert application.state == AppState.LAPSED
    last = application.transitions.order_by("-at", "-pk").first()
    assert (last.source, last.target, last.actor) == (AppState.SUBMITTED, AppState.LAPSED, None)
    to_pupil = [m for m in mailoutbox if m.to == [pupil_email]]
    assert len(to_pupil) == 1
    assert "Vous pouvez candidater à d'autres offres" in to_pupil[0].body
    assert "ce n'est pas un refus" in to_pupil[0].body.lower()
    # Teachers of the class know it too.
    teacher = application.school_class.teachers.get()
    assert any(m.to == [teacher.email] for m in mailoutbox)


def test_the_stage_start_comes_first(offer, member, on_commit):
    # Sent 10 days before the stage: its deadline is the day before the start, not 14 days.
    application = _apply(offer, at(STAGE[0] - datetime.timedelta(days=10)))

    with on_commit(execute=True):
        assert lapsing.lapse_unanswered(today=STAGE[0] - datetime.timedelta(days=1)) == 0
    with on_commit(execute=True):
        assert lapsing.lapse_unanswered(today=STAGE[0]) == 1
    application.refresh_from_db()
    assert application.state == AppState.LAPSED


def test_answered_and_other_organisations_applications_are_untouched(offer, member, on_commit):
    sent = at(datetime.date(2027, 3, 1))
    accepted = _apply(offer, sent, state=AppState.ACCEPTED)
    declined = _apply(offer, sent, state=AppState.DECLINED)
    elsewhere = ApplicationFactory(created_at=sent)

    with on_commit(execute=True):
        assert lapsing.lapse_unanswered(today=datetime.date(2027, 3, 20)) == 1
    for application, state in [
        (accepted, AppState.ACCEPTED),
        (declined, AppState.DECLINED),
        (elsewhere, AppState.LAPSED),
    ]:
        application.refresh_from_db()
        assert application.state == state


def test_a_lapsed_application_cannot_be_answered_and_the_pupil_may_apply_again(offer, member):
    application = _apply(offer, at(datetime.date(2027, 3, 1)))
    services.lapse(application, lapsing.MESSAGE)

    with pytest.raises(services.ApplicationError, match="n'attend plus de réponse"):
        services.accept(application, member, "")
    again = services.apply(application.pupil, offer, offer.periods.get())
    assert again.state == AppState.SUBMITTED


def test_the_pupils_message_waits_in_the_outbox(offer, member, mailoutbox, on_commit):
    application = _apply(offer, at(datetime.date(2027, 3, 1)))
    with on_commit() as callbacks:  # the worker is down: nothing runs after commit
        lapsing.lapse_unanswered(today=datetime.date(2027, 3, 20))
    assert mailoutbox == []
    assert PendingTask.objects.filter(
        task_name="placements.tasks.send_lapsed", args=[application.pk], done_at__isnull=True
    ).exists()
    for callback in callbacks:
        callback()
    assert any(application.pupil.email in m.to for m in mailoutbox)


def test_the_database_query_agrees_with_the_deadline_rule(offer):
    """Every combination of sending day and stage start around a night: the query finds
    exactly the applications past answer_deadline."""
    today = datetime.date(2027, 3, 20)
    sent_days = [today - datetime.timedelta(days=n) for n in (0, 1, 13, 14, 15, 16)]
    starts = [today + datetime.timedelta(days=n) for n in (-1, 0, 1, 2, 30)]
    expected = set()
    for sent_on, start in itertools.product(sent_days, starts):
        application = ApplicationFactory(
            offer=offer, created_at=at(sent_on, 23), start=start, end=start
        )
        if answer_deadline(sent_on, start) < today:
            expected.add(application.pk)
    found = set(lapsing.past_deadline(today).values_list("pk", flat=True))
    assert found == expected
    assert expected  # the grid does contain some
    assert lapse_bounds(today) == (datetime.date(2027, 3, 6), today)


# --- members' e-mail rhythm ---


def test_each_member_chooses_their_rhythm_for_new_applications(offer, mailoutbox, on_commit):
    each = EmployerFactory(organisation=offer.organisation, email="chaque@boulangerie.fr")
    daily = EmployerFactory(organisation=offer.organisation, email="jour@boulangerie.fr")
    silent = EmployerFactory(organisation=offer.organisation, email="rien@boulangerie.fr")
    Membership.objects.filter(user=daily).update(email_rhythm=EmailRhythm.DAILY)
    Membership.objects.filter(user=silent).update(email_rhythm=EmailRhythm.NONE)
    pupil = enrolled_pupil()

    with on_commit(execute=True):
        services.apply(pupil, offer, offer.periods.get())

    assert [m.to for m in mailoutbox] == [[each.email]]


def test_a_daily_digest_lists_what_came_in_since_the_last_one(offer, mailoutbox, on_commit):
    daily = EmployerFactory(organisation=offer.organisation, email="jour@boulangerie.fr")
    Membership.objects.filter(user=daily).update(email_rhythm=EmailRhythm.DAILY)
    monday = datetime.date(2027, 3, 1)
    _apply(offer, at(monday, 9), pupil=enrolled_pupil(first_name="Alice"))
    _apply(offer, at(monday, 15), pupil=enrolled_pupil(first_name="Bruno"))

    with on_commit(execute=True):
        assert reminders.send_daily_digests(now=at(monday + datetime.timedelta(days=1), 7)) == 1
    (digest,) = mailoutbox
    assert digest.to == [daily.email]
    assert "2 nouvelles candidatures" in digest.subject
    assert "Alice" in digest.body and "Bruno" in digest.body
    assert "2 candidatures attendent votre réponse" in digest.body

    # Nothing new the next day: no digest.
    with on_commit(execute=True):
        assert reminders.send_daily_digests(now=at(monday + datetime.timedelta(days=2), 7)) == 0
    # One new application: the next digest lists it alone.
    _apply(
        offer, at(monday + datetime.timedelta(days=2), 12), pupil=enrolled_pupil(first_name="Chloé")
    )
    with on_commit(execute=True):
        assert reminders.send_daily_digests(now=at(monday + datetime.timedelta(days=3), 7)) == 1
    assert "Chloé" in mailoutbox[1].body and "Alice" not in mailoutbox[1].body


def test_the_7_day_reminder_reaches_members_who_chose_no_emails(offer, mailoutbox, on_commit):
    silent = EmployerFactory(organisation=offer.organisation, email="rien@boulangerie.fr")
    Membership.objects.filter(user=silent).update(email_rhythm=EmailRhythm.NONE)
    _apply(offer, timezone.now() - datetime.timedelta(days=8))

    with on_commit(execute=True):
        assert tasks.remind_unanswered() == 1

    assert [m.to for m in mailoutbox] == [[silent.email]]


def test_a_member_sets_their_rhythm_on_the_organisation_page(client, offer, member):
    client.force_login(member)
    page = client.get(reverse("organisations:detail")).content.decode()
    assert "Un récapitulatif par jour" in page

    response = client.post(reverse("organisations:email_rhythm"), {"email_rhythm": "daily"})
    assert response.status_code == 302
    assert member.membership.__class__.objects.get(user=member).email_rhythm == "daily"

    bad = client.post(
        reverse("organisations:email_rhythm"), {"email_rhythm": "hourly"}, follow=True
    )
    assert "Choisissez une des trois possibilités proposées." in bad.content.decode()
    assert Membership.objects.get(user=member).email_rhythm == "daily"
