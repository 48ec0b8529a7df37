"""Deferred tasks survive a broker outage and run exactly once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from offers.models import State
from outbox.models import PendingTask
from outbox.tasks import run_pending, sweep_pending
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_pending, "delay", refuse)


def _approve(client, django_capture_on_commit_callbacks):
    employer = EmployerFactory()
    offer = OfferFactory(organisation=employer.membership.organisation, state=State.SUBMITTED)
    client.force_login(ModeratorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("offers:moderation_review", args=[offer.pk]), {"decision": "approve"}
        )
    return offer, employer, response


def test_a_decision_is_saved_and_its_email_waits_when_the_broker_is_down(
    client, broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    offer, employer, response = _approve(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302  # no 500 for the moderator
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED
    pending = PendingTask.objects.get(task_name="offers.tasks.send_decision_email")
    assert pending.done_at is None and mail.outbox == []

    # The broker is back; the sweep finds the task once it has waited long enough.
    monkeypatch.undo()
    assert sweep_pending() == 0
    PendingTask.objects.filter(pk=pending.pk).update(
        updated_at=pending.updated_at - timedelta(minutes=10)
    )
    assert sweep_pending() == 1
    pending.refresh_from_db()
    assert pending.done_at is not None and pending.attempts == 1
    assert [m.to for m in mail.outbox] == [[employer.email]]


def test_a_task_runs_once_even_when_queued_twice(client, django_capture_on_commit_callbacks):
    _offer, employer, _ = _approve(client, django_capture_on_commit_callbacks)
    pending = PendingTask.objects.get()
    run_pending.delay(pending.pk)  # e.g. the sweep and the original message both arrive
    assert [m.to for m in mail.outbox] == [[employer.email]]


def test_a_failing_task_is_recorded_and_retried_by_the_sweep_after_its_backoff(monkeypatch):
    from offers import emails
    from outbox import services

    offer = OfferFactory(state=State.PUBLISHED)
    EmployerFactory(organisation=offer.organisation)
    sent = []

    def smtp_down(*args):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(emails, "send_decision", smtp_down)
    pending = PendingTask.objects.create(
        task_name="offers.tasks.send_decision_email", args=[offer.pk, "approve", ""]
    )
    run_pending.apply(args=[pending.pk], throw=True)  # no exception: recorded, not raised
    pending.refresh_from_db()
    assert pending.done_at is None and pending.attempts == 1
    assert "SMTP down" in pending.last_error
    assert pending.next_attempt_at - timezone.now() > timedelta(seconds=55)  # 1 minute
    assert sweep_pending() == 0  # not before its back-off is over

    monkeypatch.setattr(emails, "send_decision", lambda *args: sent.append(args))
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(services.timezone, "now", lambda: later)
    queued = []
    monkeypatch.setattr(services, "dispatch", queued.append)
    from outbox import tasks

    monkeypatch.setattr(tasks, "dispatch", queued.append)
    assert sweep_pending() == 1 and queued == [pending.pk]
    assert sweep_pending() == 0  # in flight: not queued again every minute
    run_pending.apply(args=[pending.pk], throw=True)
    pending.refresh_from_db()
    assert pending.done_at is not None and pending.attempts == 2 and len(sent) == 1


def test_backoff_doubles_up_to_an_hour():
    from outbox.services import backoff

    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3, 7, 8, 20)] == [
        1,
        2,
        4,
        60,
        60,
        60,
    ]


def test_deferred_tasks_carry_no_retry_options_of_their_own():
    """The outbox runs them with `.run()` and retries them (run_pending): options on the
    tasks themselves would never take effect."""
    from celery import current_app

    import accounts.tasks  # noqa: F401  (registers the tasks)
    import placements.tasks  # noqa: F401

    deferred = [
        task
        for name, task in current_app.tasks.items()
        if name.startswith("placements.tasks.send_")
    ]
    assert len(deferred) == 7
    deferred += [
        task
        for name, task in current_app.tasks.items()
        if name.startswith("accounts.tasks.send_attachment_")
    ]
    assert [t.name for t in deferred if getattr(t, "autoretry_for", ())] == []
    assert not getattr(run_pending, "autoretry_for", ())
