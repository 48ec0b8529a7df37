"""No overbooking: two members accepting the last place at once cannot both succeed.

A transactional test: each thread has its own database connection and its own transaction,
as two web workers would. `places_taken` is slowed down so that the second acceptance
reaches the period's row lock while the first still holds it.
"""

import threading
import time

import pytest
from django.db import connection

from offers.models import State as OfferState
from placements import services
from placements.models import Application, AppState
from tests.factories import EmployerFactory, OfferFactory

from .factories import ApplicationFactory


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
