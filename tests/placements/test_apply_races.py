"""Races on applying: two tabs (or a tab and a placement found elsewhere) at once cannot get
round `placements.eligibility`. Each call runs in its own thread, database connection and
transaction, as two web workers would; the rule's reading is slowed down so that the second
call reaches the locks while the first still holds them."""

import time

import pytest

from placements import eligibility, services
from placements.models import Application, AppState, ExternalPlacement

from .factories import ApplicationFactory, enrolled_pupil
from .test_two_placements import WEEK1, WEEK2, WEEK_1, WEEK_2, YEAR, host_offer, run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_rule(monkeypatch):
    """Each apply reads the pupil's situation, then waits before writing."""
    original = eligibility.situation_of

    def slow(pupil):
        situation = original(pupil)
        time.sleep(0.3)
        return situation

    monkeypatch.setattr(eligibility, "situation_of", slow)


def pending(pupil):
    return Application.objects.filter(pupil=pupil, state=AppState.SUBMITTED)


def test_two_tabs_sending_the_last_pending_application_at_once_send_one(slow_rule):
    pupil = enrolled_pupil()
    for _ in range(eligibility.MAX_PENDING - 1):
        ApplicationFactory(pupil=pupil, offer=host_offer(WEEK_1))
    fifth, sixth = host_offer(WEEK_2), host_offer(WEEK_2)

    results = run_at_once(
        lambda: services.apply(pupil, fifth, fifth.periods.get()),
        lambda: services.apply(pupil, sixth, sixth.periods.get()),
    )

    assert sorted(results, key=len) == ["ok", eligibility.TOO_MANY]
    assert pending(pupil).count() == eligibility.MAX_PENDING


def test_two_tabs_applying_for_the_same_week_of_one_offer_send_one(slow_rule):
    pupil = enrolled_pupil()
    offer = host_offer(WEEK_1)
    period = offer.periods.get()

    results = run_at_once(
        lambda: services.apply(pupil, offer, period),
        lambda: services.apply(pupil, offer, period),
    )

    assert sorted(results, key=len) == ["ok", "Vous avez déjà candidaté : en attente de réponse."]
    assert pending(pupil).count() == 1


def test_applying_while_declaring_the_same_week_found_elsewhere_leaves_no_open_application(
    slow_rule,
):
    pupil = enrolled_pupil()
    offer = host_offer(WEEK_1)
    week = f"la semaine du {WEEK1.day} juin"

    results = run_at_once(
        lambda: services.apply(pupil, offer, offer.periods.get()),
        lambda: services.record_external(
            pupil, YEAR, host_name="Garage Roy", commune="Dole", start=WEEK_1[0], end=WEEK_1[1]
        ),
    )

    # Either the application came first and the declaration withdrew it, or the
    # declaration came first and the application was refused: never both open.
    assert results[1] == "ok"
    assert results[0] in ("ok", f"Vous avez déjà un stage {week}.")
    assert ExternalPlacement.objects.filter(pupil=pupil).count() == 1
    assert not Application.objects.filter(pupil=pupil).active().exists()
    # Week 2 is still open to the pupil.
    other = host_offer(WEEK_2)
    services.apply(pupil, other, other.periods.get())
    assert pending(pupil).get().start == WEEK2
