"""No overbooking: two members accepting the last place at once cannot both succeed; no
deadlock: a pupil confirming two placements at once gets one, and a message for the other.

Transactional tests: each thread has its own database connection and its own transaction,
as two web workers would. A service is slowed down so that the second call reaches the
locks while the first still holds them.
"""

import threading
import time

import pytest
from django.db import connection

from offers.models import State as OfferState
from placements import services
from placements.models import Application, AppState
from tests.factories import EmployerFactory, OfferFactory

from .factories import ApplicationFactory, enrolled_pupil


@pytest.mark.django_db(transaction=True)
def test_two_members_accepting_the_last_place_at_once(monkeypatch):
    offer = OfferFactory(state=OfferState.PUBLISHED)
    period = offer.periods.get()
    period.places = 1
    period.save()
    applications = [ApplicationFactory(offer=offer), ApplicationFactory(offer=offer)]
    members = [EmployerFactory(organisation=offer.organisation) for _ in applications]

    original = services.places_taken

    def slow_places_taken(period_id):
        taken = original(period_id)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(services, "places_taken", slow_places_taken)
    barrier = threading.Barrier(len(applications))
    results = {}
    backends = set()

    def accept(index):
        try:
            backends.add(connection.cursor().connection.info.backend_pid)
            barrier.wait()
            services.accept(applications[index], members[index])
            results[index] = "accepted"
        except services.ApplicationError as error:
            results[index] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(applications))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(backends) == 2, "each thread has its own database connection"
    assert sorted(results.values(), key=len) == [
        "accepted",
        "Il n'y a plus de place sur cette période : toutes sont déjà attribuées.",
    ]
    assert Application.objects.filter(offer=offer, state=AppState.ACCEPTED).count() == 1
    offer.refresh_from_db()
    assert offer.state == OfferState.FILLED


@pytest.mark.django_db(transaction=True)
def test_a_pupil_confirming_two_placements_at_once_gets_one(monkeypatch):
    pupil = enrolled_pupil()
    applications = [
        ApplicationFactory(pupil=pupil, state=AppState.ACCEPTED),
        ApplicationFactory(pupil=pupil, state=AppState.ACCEPTED),
    ]

    original = services._release_others

    def slow_release_others(*args, **kwargs):
        time.sleep(0.3)  # each confirmation holds its own application a while
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_release_others", slow_release_others)
    barrier = threading.Barrier(len(applications))
    results = {}
    backends = set()

    def confirm(index):
        try:
            backends.add(connection.cursor().connection.info.backend_pid)
            barrier.wait()
            services.confirm(applications[index], pupil)
            results[index] = "confirmed"
        except services.ApplicationError as error:
            results[index] = str(error)
        except Exception as error:  # e.g. a deadlock detected by PostgreSQL
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(len(applications))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(backends) == 2, "each thread has its own database connection"
    assert sorted(results.values(), key=len) == [
        "confirmed",
        "Seule une candidature acceptée peut être confirmée.",
    ]
    states = sorted(Application.objects.filter(pupil=pupil).values_list("state", flat=True))
    assert states == [AppState.CANCELLED, AppState.CONFIRMED]
