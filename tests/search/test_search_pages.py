"""Search facets, sorts and pages, bad input and empty results, the counts table."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offers.models import Offer, OfferPeriod, Public, State
from search.filters import seconde_weeks
from search.queries import today
from tests.search.helpers import URL, results, text, titles

pytestmark = pytest.mark.django_db


# --- facets, sort, pages ------------------------------------------------------------------


def test_facet_counts_exclude_their_own_filter(client, make_offer, place, sectors):
    make_offer(commune=place["dole"], sector=sectors["health"])
    make_offer(sector=sectors["food"])
    make_offer(sector=sectors["food"], publics=[Public.TROISIEME])
    facets = results(client, departement="25").context["page"].facets
    assert facets.total == 2
    assert facets.departments == {"25": 2, "39": 1}  # other departments still counted
    assert facets.sectors == {"s28": 2}
    assert facets.publics["seconde"] == 1 and facets.publics["3e"] == 1
    response = results(client, departement="25")
    assert "Industrie alimentaire (2)" in text(response)
    assert "Jura (1)" in text(response)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("recent", ["Nouvelle", "Loin", "Ancienne"]),
        ("date", ["Loin", "Nouvelle", "Ancienne"]),
        ("distance", ["Ancienne", "Nouvelle", "Loin"]),
    ],
)
def test_sort_orders(client, make_offer, place, sort, expected):
    (s1, e1), (s2, e2) = seconde_weeks()
    soon = today() + datetime.timedelta(days=10)
    make_offer(title="Ancienne", published_days_ago=9, periods=[(s2, e2, 1)])
    make_offer(title="Nouvelle", published_days_ago=1, commune=place["in"], periods=[(s1, e1, 1)])
    make_offer(title="Loin", published_days_ago=5, commune=place["dole"], periods=[(soon, soon, 1)])
    assert titles(results(client, tri=sort, commune="Besançon", rayon="100")) == expected


def test_sort_by_distance_without_place_says_why(client, make_offer):
    make_offer()
    assert "indiquez une commune" in text(results(client, tri="distance"))


def test_pagination_20_per_page_and_out_of_range_pages(client, make_offer):
    for i in range(45):
        make_offer(title=f"Offre {i:02d}", published_days_ago=i + 1)
    first = results(client)
    assert len(titles(first)) == 20 and titles(first)[0] == "Offre 00"
    assert titles(results(client, page="3")) == [f"Offre {i}" for i in range(40, 45)]
    last = results(client, page="99999")
    assert last.context["page"].number == 3
    assert "voici la dernière" in text(last)
    assert results(client, page="-2").context["page"].number == 1
    assert results(client, page="deux").context["page"].number == 1
    assert 'href="/stages/?page=2"' in first.content.decode()
    # With a filter the page's ids come with the counts: the same pages, the same clamp.
    assert titles(results(client, q="offre", tri="recent", page="3")) == [
        f"Offre {i}" for i in range(40, 45)
    ]
    huge = results(client, q="offre", tri="recent", page="9" * 30)
    assert huge.context["page"].number == 3 and "voici la dernière" in text(huge)
    assert titles(huge) == [f"Offre {i}" for i in range(40, 45)]


def test_query_count_is_constant(client, make_offer, place, sectors):
    params = {
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
    }
    counts = []
    results(client)  # the process reads the department and sector choices once
    for size in (0, 1, 25):
        Offer.objects.all().delete()
        for _ in range(size):
            make_offer(
                title="Boulangerie",
                commune=place["in"],
                accessible=True,
                sector=sectors["food"],
                periods=[(*seconde_weeks()[0], 3)],
            )
        with CaptureQueriesContext(connection) as queries:
            response = results(client, **params)
        assert response.context["page"].total == size
        counts.append(len(queries))
    # Any number found costs the same (the page's ids come with the counts); nothing found
    # skips the cards and their periods, asks whether the word exists anywhere (it does
    # not: no offer at all) and tries it again with trigrams.
    assert counts[1] == counts[2] <= 7
    assert counts[0] == counts[1]


# --- bad input and empty results -----------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "du=2026-13-45&au=demain",
        "du=2027-06-30&au=2027-01-01",
        "secteur=s999&secteur=s28&departement=2A&public=bebe&structure=mafia",
        "rayon=1e400&commune=%00",
        "tri=chaos&places=-1&semaine=7&accessible=peut-etre",
        "q=a&q=b&commune=Dole&commune=Besancon&rayon=5&rayon=100&page=1&page=2",
        "commune=" + "x" * 3000,
        "page=1e9999",
        "rayon=²&commune=Dole",  # "²".isdigit()
    ],
)
def test_bad_input_never_errors(client, make_offer, place, query):
    make_offer(title="Boulangerie")
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert response.context["page"].total >= 0


def test_malformed_dates_are_reported(client, make_offer):
    make_offer(title="Boulangerie")
    response = results(client, du="2026-13-45")
    assert titles(response) == ["Boulangerie"]
    assert "Saisissez une date valide" in text(response)


def test_empty_results_suggest_how_to_widen(client, make_offer, place, sectors):
    make_offer(title="Dole", commune=place["dole"], sector=sectors["health"])
    response = results(client, commune="Besançon", rayon="20", secteur="s28")
    page = response.context["page"]
    assert page.total == 0
    labels = [label for label, _ in page.suggestions]
    assert "Élargir la recherche à 50 km" in labels
    assert "Tous les secteurs" in labels
    url = dict(page.suggestions)["Chercher dans tout le département et les départements voisins"]
    assert "departement=39" in url
    assert titles(client.get(url)) == []  # still filtered by the sector
    assert titles(client.get(dict(page.suggestions)["Tous les secteurs"] + "&rayon=50")) == ["Dole"]


def test_htmx_request_returns_results_and_counts_only(client, make_offer):
    make_offer()
    response = client.get(
        URL, {"q": "boulangerie"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    body = response.content.decode()
    assert "<form" not in body
    assert 'hx-swap-oob="innerHTML"' in body
    assert re.search(r'id="n-secteur-s28"\s+hx-swap-oob="true"', body)


def test_commune_suggestions_are_public(client, place):
    response = client.get(reverse("search:communes"), {"q": "bes"}, follow=True)
    assert response.json()["results"][0]["label"] == "Besançon (25)"


def test_facet_counts_table_follows_every_write(client, make_offer, place, sectors):
    """The unfiltered search reads its facet counts from search_facet_count (kept
    by triggers): after inserts, updates of periods, state and sector, and deletes, it
    must give what counting the offers gives."""
    from search.queries import facets, live_entries

    def both(**selection):
        selection = {"sectors": [], "departments": [], "publics": [], **selection}
        return facets(live_entries(), **selection, every_live=True), facets(
            live_entries(), **selection
        )

    food = make_offer(sector=sectors["food"])
    make_offer(commune=place["dole"], sector=sectors["health"], publics=[Public.TROISIEME])
    gone = make_offer(sector=sectors["food"], publics=[Public.SECONDE, Public.TROISIEME])
    make_offer(title="Brouillon", state=State.DRAFT)
    from_table, counted = both()
    assert from_table == counted and from_table.total == 3
    food.sector = sectors["health"]
    food.save()
    past = today() - datetime.timedelta(days=10)
    periods = OfferPeriod.objects.filter(offer=gone)
    kept = list(periods.values_list("start", "end"))
    periods.update(start=past, end=past)  # past: no longer live
    from_table, counted = both(departments=["25"])
    assert from_table == counted and from_table.total == 1
    from_table, counted = both(publics=["3e"])
    assert from_table == counted and from_table.total == 1
    periods.update(start=kept[0][0], end=kept[0][1])
    Offer.objects.filter(title="Brouillon").update(state=State.PUBLISHED)
    from_table, counted = both(sectors=["s43"])
    assert from_table == counted and from_table.total == 2
    assert from_table.sectors["s43"] == 2
    Offer.objects.filter(pk=gone.pk).delete()
    from_table, counted = both()
    assert from_table == counted and from_table.total == 3
    # The page itself: no filter but the facets.
    page = results(client, departement="39").context["page"]
    assert page.facets == both(departments=["39"])[1]


def test_cards_escape_what_hosts_type(client, make_offer):
    make_offer(
        title='<script>alert("x")</script> & co',
        host="L'Atelier <b>Roy</b>",
        description="Bois.",
    )
    body = results(client).content.decode()
    assert "<script>alert" not in body and "<b>Roy</b>" not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in body
    assert "L&#x27;Atelier &lt;b&gt;Roy&lt;/b&gt;" in body


def test_live_facet_sums_move_with_the_day(make_offer):
    """search_facets_live(day): the counts of offers ending on or after
    `day`, rebuilt when the day moves, kept by triggers in between."""
    soon = today() + datetime.timedelta(days=3)
    later = today() + datetime.timedelta(days=20)

    def live(day):
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(n), 0) FROM search_facets_live(%s)", [day])
            return cursor.fetchone()[0]

    make_offer(periods=[(soon, soon, 1)])
    make_offer(periods=[(later, later, 1)])
    assert live(today()) == 2
    next_day = soon + datetime.timedelta(days=1)
    assert live(next_day) == 1  # the first offer has ended by then
    make_offer(periods=[(soon, soon, 1)])  # ends before the new day: not counted
    make_offer(periods=[(later, later, 1)])
    assert live(next_day) == 2
    assert live(today()) == 4


@pytest.mark.django_db(transaction=True)
def test_live_facet_sums_never_wait_for_a_write(make_offer):
    """A write holding the day row (an offer or application change in progress) does not
    hold up the day's first search: it counts from the dated table, and a later one
    rebuilds."""
    import psycopg

    make_offer()
    tomorrow = today() + datetime.timedelta(days=1)
    libpq = {"dbname", "user", "password", "host", "port", "sslmode"}
    params = connection.get_connection_params()  # the test database, socket or TCP
    writer = psycopg.connect(**{key: value for key, value in params.items() if key in libpq})
    try:
        writer.execute("SELECT day FROM search_facet_live_day FOR SHARE")
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = '3s'")
            cursor.execute("SELECT sum(n) FROM search_facets_live(%s)", [tomorrow])
            assert cursor.fetchone()[0] == 1
            cursor.execute("SELECT day = %s FROM search_facet_live_day", [tomorrow])
            assert cursor.fetchone()[0] is False  # not rebuilt: the writer holds the row
        writer.rollback()
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(n) FROM search_facets_live(%s)", [tomorrow])
            assert cursor.fetchone()[0] == 1
            cursor.execute("SELECT day = %s FROM search_facet_live_day", [tomorrow])
            assert cursor.fetchone()[0] is True
            cursor.execute("SET statement_timeout = 0")
    finally:
        writer.close()
