"""The dashboard page: who reads it, what it never shows, and what it costs."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from figures import services
from tests.factories import ModeratorFactory, UserFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db
URL = reverse("figures:dashboard")


@pytest.fixture
def observer(client):
    user = UserFactory(role=User.Role.OBSERVER)
    log_in(client, user)
    return user


def test_observer_sees_the_figures_and_no_name(client, observer, supply_world):
    response = client.get(URL)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Chiffres des stages" in page
    offers = [supply_world[k] for k in "abd"]
    names = {o.title for o in offers} | {o.organisation.name for o in offers}
    names |= {o.tutor_name for o in offers} | {o.tutor_email for o in offers}
    pupil = supply_world["d"].applications.get().pupil
    names |= {pupil.get_full_name(), pupil.last_name, pupil.email}
    assert [name for name in names if name in page] == []


def test_first_visit_computes_the_figures_and_says_when(client, observer, supply_world):
    page = html.unescape(client.get(URL).content.decode())
    assert "Chiffres calculés le" in page
    assert "Offres et places par semaine" in page


def test_the_moderator_sees_it_and_the_menu_links_it(client, supply_world):
    log_in(client, ModeratorFactory())
    page = client.get(URL).content.decode()
    assert f'href="{URL}"' in page


def test_unknown_filter_values_are_dropped_with_a_french_notice(client, observer, supply_world):
    response = client.get(URL, {"departement": "99", "annee": "abc", "niveau": "<b>"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Département : valeur inconnue, filtre ignoré." in page
    assert "Année scolaire : valeur inconnue, filtre ignoré." in page


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_depend_on_the_filters(client, observer, supply_world):
    services.refresh(supply_world["year"])
    # The first page after a refresh reads the snapshot's cells (one query per kind); the
    # process keeps them until the next refresh.
    first = _queries(client, {"departement": "25"})
    counts = [
        _queries(client, params)
        for params in [
            {},
            {"departement": "25"},
            {
                "departement": "39",
                "secteur": "s30",
                "type_structure": "association",
                "public": "3e",
            },
            {"academie": "Besançon", "niveau": "seconde", "type_etablissement": "lycee"},
            # Each set of filters has its own index of the cells' sums (figures.cube),
            # built in Python from the cells already read: no query more.
            {"secteur": "s30", "niveau": "3e"},
            {"public": "seconde", "type_structure": "company", "departement": "39"},
        ]
    ]
    assert len(set(counts)) == 1, counts
    assert first == counts[0] + 3
    services.refresh(supply_world["year"])  # a new snapshot: its cells are read again
    assert _queries(client, {"niveau": "seconde"}) == first
