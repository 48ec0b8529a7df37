"""Deferred tasks survive a broker outage and run exactly once."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from offers.models import State
from outbox.models import PendingTask
from outbox.registry import UnknownTask, task_named
from outbox.services import defer
from outbox.tasks import run_pending, sweep_pending
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_pending, "delay", refuse)


def _approve(client, django_capture_on_commit_callbacks):
    employer = EmployerFactory()
    offer = OfferFactory(organisation=employer.membership.organisation, state=State.SUBMITTED)
    log_in(client, ModeratorFactory())
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
    from outbox.backoff import backoff

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
    import placements.tasks

    deferred = [
        task
        for name, task in current_app.tasks.items()
        if name.startswith("placements.tasks.send_")
    ]
    sent_by_placements = {
        f"placements.tasks.{name}"
        for name, task in vars(placements.tasks).items()
        if name.startswith("send_") and hasattr(task, "delay")
    }
    assert len(sent_by_placements) >= 7
    assert {task.name for task in deferred} == sent_by_placements
    deferred += [
        task
        for name, task in current_app.tasks.items()
        if name.startswith("accounts.tasks.send_attachment_")
    ]
    assert [t.name for t in deferred if getattr(t, "autoretry_for", ())] == []
    assert not getattr(run_pending, "autoretry_for", ())
    everywhere = [task_named(name) for name in deferred_names()]
    assert [t.name for t in everywhere if getattr(t, "autoretry_for", ())] == []


# --- tasks by name ---


def deferred_names() -> set[str]:
    """Every task name passed to `defer("…")` in the code (tests and migrations aside)."""
    names = set()
    for path in ROOT.glob("*/**/*.py"):
        if {"tests", "migrations", ".venv"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "defer"  # not QuerySet.defer
                and node.args
            ):
                assert isinstance(node.args[0], ast.Constant), f"{path}: name the task literally"
                names.add(node.args[0].value)
    return names


def test_every_deferred_name_is_a_task():
    names = deferred_names()
    assert {"offers.tasks.send_decision_email", "placements.tasks.send_answer"} <= names
    assert len(names) >= 8
    for name in names:
        assert task_named(name).name == name


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("offers.tasks.send_decison_email", "no Celery task named"),
        ("offers.taks.send_decision_email", "no Celery task named"),
        ("offers.services.move", "is not a Celery task"),
        ("send_decision_email", "dotted path"),
    ],
)
def test_an_unknown_task_name_is_refused_and_nothing_is_recorded(name, why):
    with pytest.raises(UnknownTask, match=why), transaction.atomic():
        defer(name, 1)
    assert not PendingTask.objects.exists()


def test_a_task_object_is_refused_too():
    from offers.tasks import send_decision_email

    with pytest.raises(UnknownTask, match="dotted path"):
        defer(send_decision_email, 1)


def test_a_bad_name_rolls_back_the_change_that_deferred_it(monkeypatch):
    """The name is checked in the transaction: a typo undoes the move, it is not lost later."""
    from offers import emails
    from offers.services import move

    offer = OfferFactory(state=State.SUBMITTED)
    monkeypatch.setattr(emails, "defer", lambda name, *args: defer("offers.tasks.typo", *args))
    with pytest.raises(UnknownTask):
        move(offer, "approve")
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED and not PendingTask.objects.exists()


def test_jitter_keeps_between_half_and_all_of_the_wait():
    from outbox.backoff import backoff

    waits = {
        backoff(3, first=timedelta(seconds=5), longest=timedelta(minutes=15), jitter=True)
        for _ in range(50)
    }
    assert all(timedelta(seconds=10) <= w <= timedelta(seconds=20) for w in waits)
    assert len(waits) > 1
    assert backoff(12, first=timedelta(seconds=5), longest=timedelta(minutes=15)) == timedelta(
        minutes=15
    )
