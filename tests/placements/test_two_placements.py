"""The seconde stage as it is: week 1 with one host and week 2 with another is a complete
stage; both weeks with one host is one placement; a placement found elsewhere declares its
dates. Then races: two tabs (or a tab and an employer) on overlapping placements of one
pupil leave at most one, each thread on its own database connection."""

import threading
import time

import pytest
from django.db import connection

from offers.models import Public
from offers.models import State as OfferState
from placements import coverage, services
from placements.models import Application, AppState, ExternalPlacement
from reference.periods import seconde_period
from tests.factories import EmployerFactory, OfferFactory

from .factories import ApplicationFactory, enrolled_pupil, this_school_year

YEAR = this_school_year()
(WEEK1, FRIDAY1), (WEEK2, FRIDAY2) = seconde_period(YEAR).working_weeks
WEEK_1, WEEK_2, BOTH = (WEEK1, FRIDAY1), (WEEK2, FRIDAY2), (WEEK1, FRIDAY2)


def host_offer(*dates):
    return OfferFactory(
        state=OfferState.PUBLISHED, publics=[Public.SECONDE], periods=[(*d, 2) for d in dates]
    )


def application(pupil, dates, state=None):
    offer = host_offer(dates)
    return ApplicationFactory(pupil=pupil, offer=offer, state=state)


def states(*applications):
    for a in applications:
        a.refresh_from_db()
    return [a.state for a in applications]


@pytest.mark.django_db
def test_week_1_at_host_a_and_week_2_at_host_b_is_a_complete_stage():
    pupil = enrolled_pupil()
    week1_a = application(pupil, WEEK_1, AppState.ACCEPTED)
    week2_b = application(pupil, WEEK_2)
    week1_c = application(pupil, WEEK_1)

    services.confirm(week1_a, pupil)
    # Confirming week 1 withdraws only what meets week 1: the week 2 application stays.
    assert states(week1_a, week2_b, week1_c) == [
        AppState.CONFIRMED,
        AppState.SUBMITTED,
        AppState.WITHDRAWN,
    ]
    assert coverage.for_pupil(pupil).label.startswith("1 semaine sur 2 : il manque la semaine")

    member_b = EmployerFactory(organisation=week2_b.offer.organisation)
    services.accept(week2_b, member_b)
    services.confirm(week2_b, pupil)

    assert states(week1_a, week2_b) == [AppState.CONFIRMED, AppState.CONFIRMED]
    assert coverage.for_pupil(pupil).label == "2 semaines sur 2"


@pytest.mark.django_db
def test_a_complete_stage_releases_every_other_open_application():
    pupil = enrolled_pupil()
    week1_a = application(pupil, WEEK_1, AppState.CONFIRMED)
    week2_b = application(pupil, WEEK_2, AppState.ACCEPTED)
    other_week2 = application(pupil, WEEK_2)
    services.confirm(week2_b, pupil)
    assert states(week1_a, week2_b, other_week2) == [
        AppState.CONFIRMED,
        AppState.CONFIRMED,
        AppState.WITHDRAWN,
    ]


@pytest.mark.django_db
def test_both_weeks_with_one_host_is_one_placement():
    pupil = enrolled_pupil()
    both = application(pupil, BOTH, AppState.ACCEPTED)
    services.confirm(both, pupil)
    cover = coverage.for_pupil(pupil)
    assert (cover.label, len(cover.placements)) == ("2 semaines sur 2", 1)


@pytest.mark.django_db
def test_a_placement_found_elsewhere_declares_its_week_and_keeps_the_other_weeks_applications():
    pupil = enrolled_pupil()
    week1 = application(pupil, WEEK_1)
    week2 = application(pupil, WEEK_2)
    services.record_external(
        pupil, YEAR, host_name="Mairie de Dole", commune="Dole", start=WEEK1, end=FRIDAY1
    )
    assert states(week1, week2) == [AppState.WITHDRAWN, AppState.SUBMITTED]
    assert coverage.for_pupil(pupil).covered == 1

    with pytest.raises(services.ApplicationError) as refused:
        services.record_external(
            pupil, YEAR, host_name="Garage Roy", commune="Dole", start=WEEK1, end=FRIDAY2
        )
    assert str(refused.value) == (
        f"Vous avez déjà un stage la semaine du {WEEK1.day} juin : indiquez d'autres dates, "
        "ou annulez d'abord ce stage."
    )
    assert ExternalPlacement.objects.filter(pupil=pupil).count() == 1


@pytest.mark.django_db
def test_an_employer_cannot_accept_over_a_confirmed_placement():
    pupil = enrolled_pupil()
    application(pupil, WEEK_1, AppState.CONFIRMED)
    both = ApplicationFactory(pupil=pupil, offer=host_offer(BOTH))  # e.g. made in the admin
    member = EmployerFactory(organisation=both.offer.organisation)
    with pytest.raises(services.ApplicationError, match="L'élève a déjà un stage confirmé"):
        services.accept(both, member)
    assert states(both) == [AppState.SUBMITTED]


def run_at_once(*calls):
    """Each call in its own thread and database connection, released together."""
    barrier = threading.Barrier(len(calls))
    results, backends = {}, set()

    def run(index):
        try:
            backends.add(connection.cursor().connection.info.backend_pid)
            barrier.wait()
            calls[index]()
            results[index] = "ok"
        except services.ApplicationError as error:
            results[index] = str(error)
        except Exception as error:  # e.g. a deadlock detected by PostgreSQL
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(backends) == len(calls), "each thread has its own database connection"
    return [results[i] for i in range(len(calls))]


@pytest.fixture
def slow_release(monkeypatch):
    """The first transaction holds its locks a while, so the second reaches them."""
    original = services._release_others

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_release_others", slow)


def holding(pupil):
    return Application.objects.filter(
        pupil=pupil, state__in=[AppState.ACCEPTED, AppState.CONFIRMED]
    )


@pytest.mark.django_db(transaction=True)
def test_two_tabs_confirming_overlapping_placements_leave_one(slow_release):
    pupil = enrolled_pupil()
    week1 = application(pupil, WEEK_1, AppState.ACCEPTED)
    both = application(pupil, BOTH, AppState.ACCEPTED)

    results = run_at_once(
        lambda: services.confirm(week1, pupil), lambda: services.confirm(both, pupil)
    )

    assert sorted(results, key=len) == ["ok", "Seule une candidature acceptée peut être confirmée."]
    assert holding(pupil).count() == 1
    assert sorted(states(week1, both)) == [AppState.CANCELLED, AppState.CONFIRMED]


@pytest.mark.django_db(transaction=True)
def test_a_confirmation_and_a_placement_found_elsewhere_at_once_leave_one(slow_release):
    pupil = enrolled_pupil()
    week1 = application(pupil, WEEK_1, AppState.ACCEPTED)

    results = run_at_once(
        lambda: services.confirm(week1, pupil),
        lambda: services.record_external(
            pupil, YEAR, host_name="Mairie", commune="Dole", start=WEEK1, end=FRIDAY1
        ),
    )

    assert results.count("ok") == 1, results
    placed = holding(pupil).count() + ExternalPlacement.objects.filter(pupil=pupil).count()
    assert placed == 1
    assert coverage.for_pupil(pupil).covered == 1


@pytest.mark.django_db(transaction=True)
def test_an_acceptance_racing_a_confirmation_over_the_same_week_leaves_one(slow_release):
    pupil = enrolled_pupil()
    week1_a = application(pupil, WEEK_1, AppState.ACCEPTED)
    week1_b = application(pupil, WEEK_1)
    member_b = EmployerFactory(organisation=week1_b.offer.organisation)

    run_at_once(
        lambda: services.confirm(week1_a, pupil), lambda: services.accept(week1_b, member_b)
    )

    # Whichever came first, the pupil holds one place over week 1: the confirmed one.
    assert list(holding(pupil).values_list("pk", "state")) == [(week1_a.pk, AppState.CONFIRMED)]


@pytest.mark.django_db(transaction=True)
def test_two_tabs_confirming_week_1_and_week_2_keep_both(slow_release):
    pupil = enrolled_pupil()
    week1 = application(pupil, WEEK_1, AppState.ACCEPTED)
    week2 = application(pupil, WEEK_2, AppState.ACCEPTED)

    results = run_at_once(
        lambda: services.confirm(week1, pupil), lambda: services.confirm(week2, pupil)
    )

    assert results == ["ok", "ok"]
    assert states(week1, week2) == [AppState.CONFIRMED, AppState.CONFIRMED]
