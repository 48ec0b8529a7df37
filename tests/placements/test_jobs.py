"""Scheduled jobs: the 7-day reminder to organisations, the anonymisation of former pupils."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from placements import tasks
from placements.anonymise import anonymise
from placements.models import Application, AppState, ExternalPlacement
from tests.factories import EmployerFactory, OfferFactory, PupilFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil

pytestmark = pytest.mark.django_db


def test_unanswered_applications_are_reminded_once_after_7_days(mailoutbox, on_commit):
    offer = OfferFactory(state="published")
    member = EmployerFactory(organisation=offer.organisation)
    old = ApplicationFactory(offer=offer, created_at=timezone.now() - datetime.timedelta(days=8))
    ApplicationFactory(offer=offer, created_at=timezone.now() - datetime.timedelta(days=2))
    ApplicationFactory(
        offer=offer,
        created_at=timezone.now() - datetime.timedelta(days=9),
        state=AppState.DECLINED,
    )

    with on_commit(execute=True):
        assert tasks.remind_unanswered() == 1
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "attendent votre réponse" in mailoutbox[0].subject
    assert "Camille M." in mailoutbox[0].body
    old.refresh_from_db()
    assert old.reminded_at is not None

    with on_commit(execute=True):
        assert tasks.remind_unanswered() == 0
    assert len(mailoutbox) == 1


def test_unanswered_reminders_are_one_outbox_task_per_organisation(mailoutbox, on_commit):
    from outbox.models import PendingTask

    old = timezone.now() - datetime.timedelta(days=8)
    first = ApplicationFactory(offer=OfferFactory(state="published"), created_at=old)
    second = ApplicationFactory(offer=OfferFactory(state="published"), created_at=old)
    members = [EmployerFactory(organisation=a.offer.organisation) for a in (first, second)]

    with on_commit() as callbacks:
        assert tasks.remind_unanswered() == 2

    assert mailoutbox == []  # nothing is sent before the outbox runs the tasks
    assert sorted(
        PendingTask.objects.filter(
            task_name="placements.tasks.send_unanswered_reminder"
        ).values_list("args", flat=True)
    ) == sorted([[a.offer.organisation_id, [a.pk]] for a in (first, second)])
    for callback in callbacks:
        callback()
    assert sorted(m.to for m in mailoutbox) == sorted([[m.email] for m in members])


@pytest.fixture
def former_class():
    """A class of the 2025 school year (ended 31 August 2025)."""
    return SchoolClassFactory(school_year=2025)


def test_anonymisation_waits_one_year_after_the_end_of_the_school_year(former_class):
    pupil = enrolled_pupil(former_class)
    assert anonymise(today=datetime.date(2026, 8, 30)) == []
    assert anonymise(today=datetime.date(2026, 9, 1)) == [pupil.pk]


def test_anonymisation_dry_run_changes_nothing_then_apply_keeps_statistics(former_class):
    pupil = enrolled_pupil(former_class, first_name="Inès", last_name="Bouvier")
    application = ApplicationFactory(
        pupil=pupil, state=AppState.CONFIRMED, school_class=former_class
    )
    ExternalPlacement.objects.create(
        pupil=pupil,
        school_year=2025,
        host_name="Mairie",
        commune="Dole",
        start="2025-06-16",
        end="2025-06-27",
    )
    current = enrolled_pupil(first_name="Jules")
    today = datetime.date(2026, 10, 1)

    assert anonymise(today=today) == [pupil.pk]  # dry run by default
    pupil.refresh_from_db()
    assert (pupil.first_name, pupil.email) == ("Inès", pupil.email)

    assert anonymise(today=today, dry_run=False) == [pupil.pk]

    pupil.refresh_from_db()
    assert (pupil.first_name, pupil.last_name, pupil.email) == ("Élève", "anonymisé", None)
    assert not pupil.is_active and not pupil.has_usable_password()
    assert not EmailAddress.objects.filter(user=pupil).exists()
    application.refresh_from_db()
    assert application.motivation == "" and application.state == AppState.CONFIRMED
    assert Application.objects.filter(school_class=former_class).count() == 1
    assert pupil.enrolments.get().anonymised_at is not None
    current.refresh_from_db()
    assert current.first_name == "Jules"
    # Already anonymised pupils are not counted again.
    assert anonymise(today=today) == []


def test_pupils_who_never_joined_a_class_count_from_their_sign_up():
    pupil = PupilFactory()
    pupil.date_joined = timezone.make_aware(datetime.datetime(2024, 10, 1))
    pupil.save()
    assert anonymise(today=datetime.date(2026, 9, 1)) == [pupil.pk]


def test_command_is_a_dry_run_unless_applied(former_class, capsys, monkeypatch):
    pupil = enrolled_pupil(former_class)
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 10, 1))

    call_command("anonymise_pupils")
    assert "Simulation : 1 élève(s)" in capsys.readouterr().out
    pupil.refresh_from_db()
    assert pupil.is_active

    call_command("anonymise_pupils", "--apply")
    assert "1 élève(s) anonymisé(s)" in capsys.readouterr().out
    pupil.refresh_from_db()
    assert not pupil.is_active


def test_seed_demo_creates_the_demo_class_idempotently(reference_data):
    from demo.placements import DEMO_CLASS_CODE, DEMO_PUPIL_CODE
    from placements.classes import authenticate_pupil
    from placements.models import SchoolClass

    call_command("seed_demo", offers=40, seed=1)
    fingerprint = sorted(Application.objects.values_list("pupil__first_name", "offer_id", "state"))
    call_command("seed_demo", offers=40, seed=1)

    school_class = SchoolClass.objects.get(join_code=DEMO_CLASS_CODE)
    assert school_class.enrolments.count() == 7
    assert sorted(Application.objects.values_list("pupil__first_name", "offer_id", "state")) == (
        fingerprint
    )
    assert {AppState.SUBMITTED, AppState.ACCEPTED, AppState.CONFIRMED} <= {
        f[2] for f in fingerprint
    }
    assert authenticate_pupil(DEMO_CLASS_CODE, DEMO_PUPIL_CODE).first_name == "Inès"
