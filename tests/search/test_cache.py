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


def test_a_repeated_page_costs_no_shared_cache_read(client, make_offer, monkeypatch):
    """The second request is answered from this process's copy: no SQL, no cache GET."""
    from search import cache as search_cache

    make_offer(title="Boulangerie")
    first = client.get(URL, {"q": "boulangerie"})
    reads = []

    class Counting:  # every use of the shared cache, recorded
        def __getattr__(self, name):
            reads.append(name)
            return getattr(shared, name)

    shared = search_cache.cache
    monkeypatch.setattr(search_cache, "cache", Counting())
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, {"q": "boulangerie"})
    assert again.content == first.content
    assert len(queries) == 0 and reads == []


def test_another_process_change_shows_within_the_version_interval(client, make_offer, monkeypatch):
    """A change made elsewhere bumps only the shared version: this process notices it once
    its copy of the version is older than VERSION_SECONDS."""
    from django.core.cache import cache

    from search import cache as search_cache

    make_offer(title="Boulangerie")
    stale = client.get(URL, {"q": "boulangerie"}).content
    cache.incr(search_cache.VERSION_KEY)  # what another process's bump does
    assert client.get(URL, {"q": "boulangerie"}).content == stale  # within the interval
    clock = search_cache.time.monotonic() + search_cache.VERSION_SECONDS + 0.1
    monkeypatch.setattr(search_cache.time, "monotonic", lambda: clock)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "boulangerie"})
    assert len(queries) > 0  # rendered again under the new version


def test_other_pages_and_sorts_of_a_search_reuse_its_counts(client, make_offer):
    """The facet counts are cached per set of filters: another sort or page of the same
    search reads only its page's ids (no GROUPING SETS query), and finds the right offers."""
    make_offer(title="Boulangerie ancienne", host="Garage Roy", published_days_ago=9)
    make_offer(title="Boulangerie boulangerie récente", host="Garage Roy", published_days_ago=1)
    make_offer(title="Menuiserie", host="Garage Roy")
    first = client.get(URL, {"q": "boulangerie"}).content.decode()
    assert first.index("Boulangerie boulangerie récente") < first.index("Boulangerie ancienne")
    assert "Menuiserie" not in first and "2 offres de stage" in first
    for params in ({"q": "boulangerie", "tri": "date"}, {"q": "boulangerie", "page": "2"}):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(URL, params).content.decode()
        assert not any("GROUPING SETS" in query["sql"] for query in queries)
        assert "2 offres de stage" in page
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"q": "boulangerie", "public": "seconde"})
    assert any("GROUPING SETS" in query["sql"] for query in queries)
