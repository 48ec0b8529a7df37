"""A real Celery worker, on the configured broker (Redis in CI, filesystem otherwise)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.core import mail

from offers.models import State
from offers.services import move
from stages_bfc.celery import app
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(tmp_path):
    app.conf.task_always_eager = False
    if app.conf.broker_url.startswith("filesystem"):
        folder = tmp_path / "broker"
        folder.mkdir()
        app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
        # Connections opened by earlier tests still point at the old folders.
        app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_decision_email_goes_through_the_broker_and_a_worker(worker):
    runs = []

    def record(task, **kwargs):
        runs.append((task.name, task.request.is_eager, task.request.hostname))

    task_prerun.connect(record, weak=False)
    employer = EmployerFactory()
    offer = OfferFactory(organisation=employer.membership.organisation, state=State.SUBMITTED)

    # Outside a test transaction, on_commit fires at once: the task goes to the real broker.
    move(offer, "approve", actor=ModeratorFactory())

    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    task_prerun.disconnect(record)
    assert [m.to for m in mail.outbox] == [[employer.email]]
    [(name, eager, hostname)] = runs
    assert name == "outbox.tasks.run_pending"  # which runs offers.tasks.send_decision_email
    assert not eager and hostname  # a worker consumed it from the broker
