"""The map of the results (/stages/carte/): the communes as points sized by their count,
over the departments' outlines, the list beside it, the search's own filters, nothing
fetched from elsewhere."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search.maps import MAX_RADIUS, MIN_RADIUS, radius
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db

MAP = "/stages/carte/"


@pytest.fixture
def three_communes(place, make_offer, sectors):
    """Besançon: 3 boulangeries; Près-Dedans (20 km): 1; Dole (45 km): 1 care offer."""
    for i in range(3):
        make_offer(title=f"Boulangerie {i}", commune=place["besancon"], sector=sectors["food"])
    make_offer(title="Boulangerie des prés", commune=place["in"], sector=sectors["food"])
    make_offer(
        title="Aide-soignant",
        description="Soins.",
        host="Hôpital Pasteur",
        commune=place["dole"],
        sector=sectors["health"],
    )
    return place


def _page(client, **params):
    response = client.get(MAP, params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _points(content):
    """(name, count, radius) of each point, in drawing order."""
    found = re.findall(
        r'<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)">\s*<title>(.*?) : (\d+) offres?</title>',
        content,
    )
    return [(name, int(count), float(r)) for r, name, count in found]


def _rows(content):
    table = content.split('<section class="map-list"', 1)[1]
    return re.findall(
        r'<th scope="row">\s*<a href="([^"]+)">(.*?)</a>\s*</th>\s*<td>(\d+)</td>', table
    )


def test_radius_makes_the_area_proportional_to_the_count():
    assert radius(1, 1) == MIN_RADIUS
    assert radius(1, 9) == MIN_RADIUS
    assert radius(9, 9) == MAX_RADIUS
    # Four times the offers past the smallest, twice the radius past the smallest.
    assert radius(5, 17) - MIN_RADIUS == pytest.approx((radius(17, 17) - MIN_RADIUS) / 2)


def test_each_commune_is_a_point_sized_by_its_offers_with_the_list_beside(client, three_communes):
    content = _page(client)
    points = _points(content)
    assert [(name, count) for name, count, _ in points] == [
        ("Besançon", 3),
        ("Dole", 1),
        ("Près-Dedans", 1),
    ]
    assert points[0][2] == MAX_RADIUS
    assert points[1][2] == points[2][2] == MIN_RADIUS
    rows = _rows(content)
    assert [(name, int(count)) for _, name, count in rows] == [
        ("Besançon (25)", 3),
        ("Dole (39)", 1),
        ("Près-Dedans (25)", 1),
    ]
    assert "5 offres de stage dans 3 communes" in " ".join(content.split())


def test_a_communes_link_lists_its_offers_with_the_same_filters(client, three_communes):
    content = _page(client, q="boulangerie")
    (link, name, count), *_ = _rows(content)
    assert (name, count) == ("Besançon (25)", "3")
    url = urlsplit(link)
    assert url.path == reverse("search:offers")
    query = parse_qs(url.query)
    assert query["q"] == ["boulangerie"]
    assert query["commune"] == ["Besançon (25056)"]
    listed = html.unescape(client.get(link).content.decode())
    for i in range(3):
        assert f"Boulangerie {i}" in listed
    assert "Boulangerie des prés" not in listed  # 20 km away: outside the 5 km circle


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "boulangerie"}, ["Besançon", "Près-Dedans"]),
        ({"secteur": "s43"}, ["Dole"]),
        ({"departement": "39"}, ["Dole"]),
        ({"commune": "Besançon", "rayon": "30"}, ["Besançon", "Près-Dedans"]),
        ({"q": "xylophone"}, []),
    ],
)
def test_the_map_takes_the_searchs_filters(client, three_communes, params, expected):
    content = _page(client, **params)
    assert [name for name, _, _ in _points(content)] == expected
    search = html.unescape(client.get(reverse("search:offers"), params).content.decode())
    # The list says as much: the same offers, as many as the map counts.
    total = sum(count for _, count, _ in _points(content))
    if total:
        assert f"{total} offre" in search
    else:
        assert "Aucune offre ne correspond à ces critères" in content


def test_filters_without_a_field_on_the_map_are_carried_over(client, three_communes):
    content = _page(client, secteur=["s28", "s43"], departement="39", tri="recent", page="3")
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', content)
    assert sorted(hidden) == [("departement", "39"), ("secteur", "s28"), ("secteur", "s43")]
    list_link = re.search(r'<a href="([^"]+)">Voir la liste et tous les filtres</a>', content)
    query = parse_qs(urlsplit(list_link.group(1)).query)
    assert query == {"departement": ["39"], "secteur": ["s28", "s43"], "tri": ["recent"]}


def test_a_place_search_frames_its_circle(client, three_communes):
    region = _page(client)
    around = _page(client, commune="Dole", rayon="10")
    box = re.search(r'viewBox="([\d. -]+)"', around).group(1).split()
    assert float(box[2]) < 200  # zoomed on a 10 km circle: much narrower than 600
    assert re.search(r'<circle class="map-place"', around)
    assert 'class="map-place"' not in region
    assert [name for name, _, _ in _points(around)] == ["Dole"]
    # Points keep their size on screen: divided by the zoom.
    assert _points(around)[0][2] < MIN_RADIUS


def test_the_departments_are_drawn_from_shipped_data_and_nothing_comes_from_elsewhere(
    client, three_communes
):
    response = client.get(MAP)
    content = response.content.decode()
    assert content.count("<path d=") == 8  # the region's departments
    assert not re.search(r'(src|href|xlink:href)="(https?:)?//', content)
    assert "<script" not in content.split("</head>", 1)[1]  # nothing to run in the page
    assert "img-src 'self'" in response.headers["Content-Security-Policy"]


def test_svg_numbers_are_never_localised(client, three_communes, settings):
    content = _page(client, commune="Dole", rayon="10")
    svg = content.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert not re.search(r'(cx|cy|r|x|y|font-size)="[^"]*,', svg)


def test_search_results_link_to_the_map_of_the_same_search(client, three_communes):
    content = html.unescape(
        client.get(reverse("search:offers"), {"q": "boulangerie"}).content.decode()
    )
    link = re.search(r'<a href="([^"]+)">Voir ces offres sur une carte</a>', content).group(1)
    assert link == f"{MAP}?q=boulangerie"


@pytest.mark.parametrize(
    "params",
    [
        {"commune": "Paris"},
        {"commune": "x" * 1000, "rayon": "-4"},
        {"q": "x" * 1000, "du": "32/13/2027", "places": "9999"},
        {"secteur": "\x00", "departement": "<script>"},
    ],
)
def test_bad_input_never_breaks_the_map(client, three_communes, params):
    response = client.get(MAP, params)
    assert response.status_code == 200


def test_queries_per_map_do_not_grow_with_the_communes(
    client, three_communes, make_offer, django_assert_num_queries
):
    _page(client)  # the process reads the department and sector choices (the form) once
    with django_assert_num_queries(1):  # the counts
        assert len(_points(_page(client))) == 3
    for i in range(10):
        commune = CommuneFactory(
            insee=f"21{i:03d}", name=f"Commune {i}", search_name=f"commune {i}", latitude=47.3
        )
        make_offer(commune=commune)
    _page(client)  # the offers' new sectors dropped the choices
    with django_assert_num_queries(1):
        assert len(_points(_page(client))) == 13


def test_anonymous_maps_are_cached_until_an_offer_changes(client, make_offer, settings):
    settings.SEARCH_CACHE_SECONDS = 60
    offer = make_offer(title="Boulangerie", host="Garage Roy")
    first = client.get(MAP, {"q": "boulangerie"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(MAP, {"q": "boulangerie"})
    assert len(queries) == 0
    assert again.content == first.content
    # Not the list's page under the same key.
    assert b"Carte des offres" in client.get(MAP, {"q": "boulangerie"}).content
    assert (
        b"Carte des offres"
        not in client.get(reverse("search:offers"), {"q": "boulangerie"}).content
    )
    offer.title = "Menuiserie"
    offer.save()
    assert "Aucune offre" in client.get(MAP, {"q": "boulangerie"}).content.decode()
