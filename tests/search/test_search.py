import datetime
import html
import re

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offers.models import Offer, OfferPeriod, Public, State
from organisations.models import Organisation
from search.filters import seconde_weeks
from search.models import SearchEntry
from search.queries import today
from search.selectors import narrowed_by_index

URL = reverse("search:offers")
pytestmark = pytest.mark.django_db


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [card.title for card in response.context["page"].cards]


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- what appears -----------------------------------------------------------------------


def test_only_live_offers_appear(client, make_offer):
    make_offer(title="Publiée")
    make_offer(title="Brouillon", state=State.DRAFT)
    make_offer(title="Complète", state=State.FILLED)
    yesterday = today() - datetime.timedelta(days=1)
    make_offer(title="Passée", periods=[(yesterday - datetime.timedelta(days=4), yesterday, 2)])
    assert titles(results(client)) == ["Publiée"]


def test_period_summary_follows_period_changes(make_offer):
    offer = make_offer()
    future = today() + datetime.timedelta(days=30)
    OfferPeriod.objects.create(offer=offer, start=future, end=future, places=9)
    entry = SearchEntry.objects.get(offer=offer)
    assert entry.periods_max_places == 9
    OfferPeriod.objects.filter(offer=offer).delete()
    entry.refresh_from_db()
    assert (entry.periods_start, entry.periods_end, entry.periods_max_places) == (None, None, None)


def test_saving_an_offer_keeps_search_columns(make_offer):
    offer = make_offer(title="Fromagerie")
    offer.refresh_from_db()
    offer.title = "Menuiserie"
    offer.save()
    assert SearchEntry.objects.filter(
        search_vector=SearchQuery("menuiserie", config="french")
    ).exists()
    assert SearchEntry.objects.get().periods_end is not None


# --- keyword ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "keyword",
    ["boulang", "boulangerie", "BOULANGERIES", "Boulangère", "pâtisserie", "patisseries"],
)
def test_keyword_prefix_accents_and_stemming(client, make_offer, keyword):
    make_offer(title="Boulangerie et pâtisserie")
    make_offer(title="Garage automobile", description="Réparer des voitures.", host="Garage Roy")
    assert titles(results(client, q=keyword)) == ["Boulangerie et pâtisserie"]


def test_keyword_accents_in_the_offer(client, make_offer):
    make_offer(title="Découverte de l'hôpital", description="Soigner.", host="CHU")
    assert titles(results(client, q="hopital decouverte")) == ["Découverte de l'hôpital"]


def test_relevance_title_before_description_before_host(client, make_offer):
    make_offer(title="Accueil en magasin", description="Vente.", host="Menuiserie Faivre")
    make_offer(title="Atelier bois", description="Travail de menuiserie au quotidien.")
    make_offer(title="Menuiserie", description="Découpe et assemblage.")
    assert titles(results(client, q="menuiserie")) == [
        "Menuiserie",
        "Atelier bois",
        "Accueil en magasin",
    ]


def test_typo_falls_back_to_trigrams(client, make_offer):
    make_offer(title="Boulangerie artisanale")
    make_offer(title="Garage automobile", description="Réparer des voitures.", host="Garage Roy")
    response = results(client, q="boulangrie")
    assert titles(response) == ["Boulangerie artisanale"]
    assert "mots les plus proches" in text(response)


def test_a_known_word_that_the_filters_exclude_is_not_taken_for_a_typo(client, make_offer, place):
    make_offer(title="Boulangerie", commune=place["dole"])
    make_offer(
        title="Bulangerie du centre",
        commune=place["besancon"],
        description="Pain.",
        host="Atelier Roy",
    )
    assert titles(results(client, q="boulangerie", commune="Dole", rayon="5")) == ["Boulangerie"]
    response = results(client, q="boulangerie", commune="Besançon", rayon="5")
    assert titles(response) == []  # the mistyped title is close, but the word exists
    assert "mots les plus proches" not in text(response)
    assert "Chercher sans le mot-clé" in text(response)


def test_keyword_with_place_and_index_filters(client, make_offer, place):
    """With a place and two more covering-index filters the keyword is tested last, on what
    the index kept (selectors.narrowed_by_index): same offers, nearest first."""
    week1, week2 = seconde_weeks()
    both = {"accessible": True, "periods": [(*week1, 2)]}
    make_offer(title="Menuiserie loin", commune=place["in"], **both)
    make_offer(title="Menuiserie proche", **both)
    make_offer(title="Garage proche", description="Voitures.", host="Garage Roy", **both)
    make_offer(title="Menuiserie sans accès", periods=[(*week1, 2)])
    make_offer(title="Menuiserie en juin, 2e semaine", accessible=True, periods=[(*week2, 2)])
    make_offer(title="Menuiserie hors du cercle", commune=place["out"], **both)
    make_offer(title="Menuiserie associative", host_type="association", **both)
    response = results(
        client,
        q="menuiserie",
        commune="Besançon",
        rayon="20",
        accessible="on",
        semaine="1",
        structure="company",
    )
    assert narrowed_by_index(response.context["page"].params)
    assert titles(response) == ["Menuiserie proche", "Menuiserie loin"]


@pytest.mark.parametrize(
    "keyword",
    [
        "'; DROP TABLE offers_offer; --",
        "boulang:* | !garage & (",
        "x" * 5000,
        "a b c d e f g h i j k l m n o p",
        "«»—…",
        "%_\\",
        "⑴",  # unaccent: "(1)"
        "boulanger ⑴ ½ ʼ",  # "(1)", "1/2", "'"
    ],
)
def test_hostile_or_huge_keywords_never_fail(client, make_offer, keyword):
    make_offer(title="Boulangerie")
    response = results(client, q=keyword)
    assert response.context["page"].total >= 0
    assert Offer.objects.count() == 1


def test_long_keyword_is_cut_with_a_message(client, make_offer):
    make_offer(title="Boulangerie")
    response = results(client, q="boulangerie " + "x" * 5000)
    assert "premiers caractères" in text(response)


# --- place ------------------------------------------------------------------------------


def test_distance_boundary(client, make_offer, place):
    make_offer(title="Dedans", commune=place["in"])
    make_offer(title="Dehors", commune=place["out"])
    make_offer(title="Ici", commune=place["besancon"])
    response = results(client, commune="besancon", rayon="20")
    assert titles(response) == ["Ici", "Dedans"]  # default sort with a place: distance
    assert [card.distance_km for card in response.context["page"].cards] == [0, 20]
    assert "à 20 km" in text(response)
    assert "moins de 1 km" in text(response)
    assert set(titles(results(client, commune="Besançon (25)", rayon="30"))) == {
        "Ici",
        "Dedans",
        "Dehors",
    }


def test_default_radius_is_20_km(client, make_offer, place):
    make_offer(title="Dedans", commune=place["in"])
    make_offer(title="Dehors", commune=place["out"])
    assert titles(results(client, commune="25000")) == ["Dedans"]


@pytest.mark.parametrize(("radius", "used"), [("10000", 100), ("-5", 5), ("abc", 20), ("", 20)])
def test_radius_out_of_range_is_clamped(client, make_offer, place, radius, used):
    make_offer(title="Dole", commune=place["dole"])
    response = results(client, commune="Besançon", rayon=radius)
    assert response.context["page"].params.radius == used
    assert titles(response) == (["Dole"] if used >= 45 else [])
    if radius:
        assert "rayon" in text(response).lower()


def test_unknown_commune_is_never_silently_dropped(client, make_offer, place):
    """Not the whole region as if the place had been understood: no results, the message,
    and a way to search without the commune (issue 17)."""
    make_offer(title="Dole", commune=place["dole"])
    response = results(client, commune="Atlantis-sur-Mer")
    assert titles(response) == []
    assert "Nous ne trouvons pas la commune" in text(response)
    assert "Chercher sans commune" in text(response)


# --- other filters ----------------------------------------------------------------------


def test_department_sector_public_host_type_accessible(client, make_offer, place, sectors):
    make_offer(title="A", commune=place["dole"], sector=sectors["health"])
    make_offer(title="B", sector=sectors["food"], publics=[Public.TROISIEME], accessible=True)
    make_offer(
        title="C",
        sector=sectors["health"],
        publics=[Public.POST_BAC],
        host_type=Organisation.HostType.LOCAL_AUTHORITY,
    )
    assert titles(results(client, departement="39")) == ["A"]
    assert set(titles(results(client, departement=["39", "25"]))) == {"A", "B", "C"}
    assert set(titles(results(client, secteur=["s43"]))) == {"A", "C"}
    assert set(titles(results(client, secteur=["s43", "s28"]))) == {"A", "B", "C"}
    assert titles(results(client, public="3e")) == ["B"]
    assert set(titles(results(client, public=["3e", "post_bac"]))) == {"B", "C"}
    assert titles(results(client, structure="local_authority")) == ["C"]
    assert titles(results(client, accessible="on")) == ["B"]
    # Combinations narrow.
    assert titles(results(client, secteur="s43", departement="25")) == ["C"]
    assert titles(results(client, secteur="s43", departement="25", public="3e")) == []


def test_seconde_weeks_and_date_ranges(client, make_offer):
    (s1, e1), (s2, e2) = seconde_weeks()
    make_offer(title="Semaine 1", periods=[(s1, e1, 2)])
    make_offer(title="Semaine 2", periods=[(s2, e2, 2)])
    make_offer(title="Deux semaines", periods=[(s1, e2, 2)])
    far = today() + datetime.timedelta(days=40)
    make_offer(title="Hiver", periods=[(far, far + datetime.timedelta(days=4), 2)])
    assert set(titles(results(client, semaine="1"))) == {"Semaine 1", "Deux semaines"}
    assert set(titles(results(client, semaine="2"))) == {"Semaine 2", "Deux semaines"}
    assert titles(results(client, semaine="deux")) == ["Deux semaines"]
    window = {"du": far.isoformat(), "au": (far + datetime.timedelta(days=1)).isoformat()}
    assert titles(results(client, **window)) == ["Hiver"]
    assert "Hiver" not in titles(results(client, du=(far + datetime.timedelta(days=5)).isoformat()))


def test_places_filter(client, make_offer):
    week1, _ = seconde_weeks()
    make_offer(title="Une", periods=[(*week1, 1)])
    make_offer(title="Groupe", periods=[(*week1, 6)])
    assert set(titles(results(client))) == {"Une", "Groupe"}
    assert titles(results(client, places="5")) == ["Groupe"]


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
