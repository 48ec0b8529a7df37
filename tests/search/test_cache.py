import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

URL = reverse("search:offers")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.SEARCH_CACHE_SECONDS = 60


def test_anonymous_pages_are_cached_until_an_offer_changes(client, make_offer):
    offer = make_offer(title="Boulangerie", host="Garage Roy")
    first = client.get(URL, {"q": "boulangerie"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, {"q": "boulangerie"})
    assert len(queries) == 0
    assert again.content == first.content
    offer.title = "Menuiserie"
    offer.save()
    assert "Aucune offre" in client.get(URL, {"q": "boulangerie"}).content.decode()


def test_htmx_fragment_and_full_page_are_cached_apart(client, make_offer):
    make_offer()
    full = client.get(URL)
    fragment = client.get(URL, headers={"HX-Request": "true", "HX-Target": "search-results"})
    assert "<form" in full.content.decode()
    assert "<form" not in fragment.content.decode()
    assert "HX-Request" in fragment["Vary"]


def test_visitors_with_a_session_are_not_served_from_the_cache(client, make_offer):
    make_offer()
    client.get(URL)
    client.cookies["sessionid"] = "abc"
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert len(queries) > 0
