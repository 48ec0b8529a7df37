"""Hosts are thanked once a stage has ended (frozen clock: each job is given `today`): one
e-mail per organisation and school year through the outbox, never twice, listing the pupils
welcomed that year by first name and initial; nothing for cancelled or unfinished stages."""

import datetime

import pytest
from django.core import mail

from offers.models import State as OfferState
from outbox.models import PendingTask
from placements import thanks
from placements.models import Application, AppState
from tests.factories import EmployerFactory, OfferFactory

from ..placements.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

JUNE = (datetime.date(2027, 6, 14), datetime.date(2027, 6, 18))
MARCH = (datetime.date(2027, 3, 8), datetime.date(2027, 3, 12))
DAY_AFTER = datetime.date(2027, 6, 19)


@pytest.fixture
def offer():
    return OfferFactory(
        state=OfferState.PUBLISHED, title="Stage au fournil", periods=[(*MARCH, 2), (*JUNE, 2)]
    )


@pytest.fixture
def member(offer):
    return EmployerFactory(organisation=offer.organisation, email="accueil@fournil.fr")


def stage(offer, span, state=AppState.CONFIRMED, first_name="Lina", last_name="Roy"):
    application = ApplicationFactory(offer=offer, period=offer.periods.get(start=span[0]))
    Application.objects.filter(pk=application.pk).update(state=state)
    application.pupil.first_name, application.pupil.last_name = first_name, last_name
    application.pupil.save()
    return application


def run(today):
    with_tasks = thanks.thank_hosts(today)
    for task in PendingTask.objects.filter(task_name="placements.tasks.send_thanks"):
        thanks.send_thanks(*task.args, today=today)
        task.delete()
    return with_tasks


def test_the_day_after_a_stage_the_host_is_thanked_with_the_years_pupils(offer, member):
    march = stage(offer, MARCH, first_name="Inès", last_name="Martin")
    june = stage(offer, JUNE)
    stage(offer, JUNE, state=AppState.CANCELLED, first_name="Noé", last_name="Blanc")
    assert run(MARCH[1] + datetime.timedelta(days=1)) == 1  # March's stage
    mail.outbox.clear()
    assert run(JUNE[1]) == 0  # June's stage ends today: not yet
    assert mail.outbox == []
    assert run(DAY_AFTER) == 1
    [message] = mail.outbox
    assert message.to == ["accueil@fournil.fr"]
    assert "Merci d'avoir accueilli 2 élèves en stage en 2026-2027" in message.subject
    assert "Inès M., « Stage au fournil », du 8 au 12 mars 2027" in message.body
    assert "Lina R., « Stage au fournil », du 14 au 18 juin 2027" in message.body
    assert "Noé" not in message.body and "Roy" not in message.body
    assert f"/structures/{offer.organisation_id}/" in message.body  # the page with its badge
    html = message.alternatives[0][0]
    assert "Lina R., « Stage au fournil »" in html
    march.refresh_from_db()
    june.refresh_from_db()
    assert march.thanked_at and june.thanked_at


def test_a_host_is_never_thanked_twice_for_the_same_stages(offer, member):
    stage(offer, JUNE)
    assert run(DAY_AFTER) == 1
    assert run(DAY_AFTER) == 0
    assert run(DAY_AFTER + datetime.timedelta(days=3)) == 0
    assert len(mail.outbox) == 1


def test_stages_long_past_are_marked_without_an_email(offer, member):
    old = stage(offer, MARCH)
    assert run(MARCH[1] + thanks.THANK_WITHIN + datetime.timedelta(days=2)) == 0
    old.refresh_from_db()
    assert old.thanked_at is not None
    assert mail.outbox == []


def test_the_email_waits_in_the_outbox_and_names_its_task(offer, member):
    stage(offer, JUNE)
    thanks.thank_hosts(DAY_AFTER)
    [task] = PendingTask.objects.filter(task_name="placements.tasks.send_thanks")
    assert task.args == [offer.organisation_id, 2027]
    assert mail.outbox == []


def test_no_member_with_an_email_means_no_email_and_no_error(offer):
    stage(offer, JUNE)
    assert run(DAY_AFTER) == 1
    assert mail.outbox == []
