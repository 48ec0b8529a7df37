"""Search: what appears, the keyword, the place and the other filters."""

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery

from offers.models import Offer, OfferPeriod, Public, State
from organisations.models import Organisation
from search.filters import seconde_weeks
from search.models import SearchEntry
from search.queries import today
from search.selectors import narrowed_by_index
from tests.search.helpers import results, text, titles

pytestmark = pytest.mark.django_db


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
