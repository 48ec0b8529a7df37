"""The search counts places left: places minus accepted and confirmed pupils (offers.places,
and search_places_left() in the triggers), as the offer page does."""

import datetime

import pytest
from django.db import connection

from offers.places import HOLDING_STATES
from placements.models import Application, AppState
from search.filters import seconde_weeks
from search.queries import today
from tests.placements.factories import ApplicationFactory
from tests.search.test_search import results, text, titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", AppState.values)
def test_sql_places_left_holds_the_same_states_as_python(make_offer, state):
    offer = make_offer(periods=[(*seconde_weeks()[0], 5)])
    period = offer.periods.get()
    ApplicationFactory(offer=offer, period=period, state=state)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_places_left(%s, %s)", [period.pk, period.places])
        left = cursor.fetchone()[0]
    assert left == (4 if state in HOLDING_STATES else 5)


def test_a_full_week_leaves_the_week_search_and_comes_back_when_freed(client, make_offer):
    week1, week2 = seconde_weeks()
    offer = make_offer(title="Deux semaines", periods=[(*week1, 1), (*week2, 2)])
    first = offer.periods.get(start=week1[0])
    application = ApplicationFactory(offer=offer, period=first, state=AppState.ACCEPTED)
    assert titles(results(client, semaine="1")) == []
    response = results(client, semaine="2")
    assert titles(response) == ["Deux semaines"]
    assert [p.start for p in response.context["page"].cards[0].periods] == [week2[0]]
    assert ": 0 place" not in text(response)  # the full week is not on the card

    Application.objects.filter(pk=application.pk).update(state=AppState.CANCELLED)
    assert titles(results(client, semaine="1")) == ["Deux semaines"]


def test_places_and_dates_filters_count_places_left(client, make_offer):
    _, week2 = seconde_weeks()
    offer = make_offer(title="Groupe", periods=[(*week2, 2)])
    assert titles(results(client, places="2")) == ["Groupe"]
    ApplicationFactory(offer=offer, period=offer.periods.get(), state=AppState.CONFIRMED)
    assert titles(results(client, places="2")) == []
    assert titles(results(client, du=week2[0].isoformat(), au=week2[1].isoformat())) == ["Groupe"]
    ApplicationFactory(offer=offer, period=offer.periods.get(), state=AppState.ACCEPTED)
    assert titles(results(client, du=week2[0].isoformat(), au=week2[1].isoformat())) == []


def test_moving_an_accepted_pupil_to_another_period_moves_the_place(client, make_offer):
    week1, week2 = seconde_weeks()
    offer = make_offer(title="Deux semaines", periods=[(*week1, 1), (*week2, 1)])
    first, second = offer.periods.order_by("start")
    application = ApplicationFactory(offer=offer, period=first, state=AppState.ACCEPTED)
    assert titles(results(client, semaine="2")) == ["Deux semaines"]
    Application.objects.filter(pk=application.pk).update(period=second)
    assert titles(results(client, semaine="1")) == ["Deux semaines"]
    assert titles(results(client, semaine="2")) == []


def test_places_of_an_ended_period_do_not_count(client, make_offer):
    """periods_max_places spans ended periods too: once a period has begun, the search
    checks the periods themselves (queries.with_places)."""
    day = datetime.timedelta(days=1)
    now = today()
    make_offer(
        title="En cours",
        periods=[(now - 9 * day, now - 5 * day, 10), (now - day, now + 3 * day, 1)],
    )
    make_offer(title="À venir", periods=[(now + 3 * day, now + 5 * day, 6)])
    make_offer(title="En cours, groupe", periods=[(now - day, now + 3 * day, 6)])
    assert set(titles(results(client, places="5"))) == {"À venir", "En cours, groupe"}
    assert len(titles(results(client))) == 3
