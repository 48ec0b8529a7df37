"""Queries per search page: a fixed number, whatever the search and the number of matches.

Caches are off (conftest): every query of a page is counted, as on a cache miss.
"""

import copy

import pytest
from django.urls import reverse

from offers.models import Offer, OfferPeriod
from search.filters import seconde_weeks

pytestmark = pytest.mark.django_db

SEARCHES = {
    "keyword": {"q": "boulangerie"},
    "place_radius": {"commune": "Besançon", "rayon": "30"},
    "every_filter": {
        "q": "boulangerie",
        "commune": "Besançon",
        "rayon": "30",
        "secteur": ["s28", "s43"],
        "departement": "25",
        "public": "seconde",
        "semaine": "1",
        "structure": "company",
        "accessible": "on",
        "places": "2",
        "tri": "distance",
    },
    "page_50": {"departement": "25", "tri": "recent", "page": "50"},
    "nothing_found": {"q": "xylophone", "commune": "Besançon", "rayon": "30"},
}
# What each search page costs: a fixed number whatever the matches; a place costs one query
# more (its commune). The department and sector choices are read once a process
# (reference/choices.py): an earlier page has read them (`count`).
QUERIES = {
    "keyword": 3,
    "place_radius": 4,
    "every_filter": 4,
    "page_50": 4,
    "nothing_found": 4,
}


@pytest.fixture
def many_offers(make_offer, place, sectors):
    """1,010 live offers in Besançon (page 50 exists): one made whole, the others copied."""
    model = make_offer(
        title="Boulangerie du quartier",
        commune=place["besancon"],
        accessible=True,
        sector=sectors["food"],
        periods=[(*seconde_weeks()[0], 3)],
    )
    model.refresh_from_db()
    copies = []
    for _ in range(1009):
        offer = copy.copy(model)
        offer.pk = None
        copies.append(offer)
    Offer.objects.bulk_create(copies)
    period = OfferPeriod.objects.get(offer=model)
    OfferPeriod.objects.bulk_create(
        OfferPeriod(offer=offer, start=period.start, end=period.end, places=period.places)
        for offer in copies
    )
    return [model, *copies]


def count(client, django_assert_num_queries, expected, params):
    client.get(reverse("search:offers"), {"q": "warm"})  # the process reads the choices once
    with django_assert_num_queries(expected):
        response = client.get(reverse("search:offers"), params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("search", list(SEARCHES))
def test_each_search_costs_its_fixed_number(client, django_assert_num_queries, many_offers, search):
    response = count(client, django_assert_num_queries, QUERIES[search], SEARCHES[search])
    if search == "page_50":  # a page that exists (of 51): not clamped to the last one
        assert "page=51" in response.content.decode()


@pytest.mark.parametrize("search", ["keyword", "place_radius", "every_filter"])
def test_one_match_costs_as_many_queries_as_a_thousand(
    client, django_assert_num_queries, make_offer, place, sectors, search
):
    make_offer(
        title="Boulangerie du quartier",
        commune=place["besancon"],
        accessible=True,
        sector=sectors["food"],
        periods=[(*seconde_weeks()[0], 3)],
    )
    count(client, django_assert_num_queries, QUERIES[search], SEARCHES[search])


def test_the_first_page_of_a_process_reads_the_choices(
    client, django_assert_num_queries, many_offers
):
    with django_assert_num_queries(QUERIES["keyword"] + 2):  # departments, sectors
        client.get(reverse("search:offers"), SEARCHES["keyword"])
