"""A pupil's search starts from their class: their level's public preselected (a chip they
remove for good), and "Autour de moi" from their school's commune."""

import html
import re
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from offers.models import Public
from placements.selectors import SearchStart, pupil_search_start
from reference.models import School
from tests.factories import CommuneFactory, PupilFactory, SchoolFactory, TeacherFactory
from tests.placements.factories import SchoolClassFactory, enrolled_pupil
from tests.search.helpers import URL, results, text, titles

pytestmark = pytest.mark.django_db

LEVEL_NOTICE = "Offres de votre niveau"


@pytest.fixture
def offers(make_offer):
    make_offer(title="Seconde", publics=[Public.SECONDE], published_days_ago=3)
    make_offer(title="Troisième", publics=[Public.TROISIEME], published_days_ago=2)
    make_offer(title="Tous", publics=[Public.SECONDE, Public.TROISIEME], published_days_ago=1)


@pytest.fixture
def seconde_pupil(db):
    return enrolled_pupil()  # a lycée's main level: seconde


def chips(response) -> dict[str, str]:
    """The active filters' chips: label -> link."""
    found = re.findall(
        r'<a href="([^"]+)" aria-label="Retirer : ([^"]+)">', response.content.decode()
    )
    return {html.unescape(label): html.unescape(link) for link, label in found}


def link(response, label: str) -> str:
    match = re.search(
        rf'<a[^>]* href="([^"]+)"[^>]*>\s*{re.escape(label)}', response.content.decode()
    )
    return html.unescape(match.group(1)) if match else ""


def test_the_level_comes_from_the_class_through_placements(seconde_pupil):
    start = pupil_search_start(seconde_pupil)
    assert start.public == Public.SECONDE
    assert start.school_commune.name == "Besançon"
    college = SchoolFactory(kind=School.Kind.COLLEGE)
    assert pupil_search_start(enrolled_pupil(SchoolClassFactory(school=college))).public == "3e"
    assert pupil_search_start(TeacherFactory()) is None
    assert pupil_search_start(PupilFactory(school=None)) == SearchStart()
    without_class = pupil_search_start(PupilFactory())
    assert without_class.public == "" and without_class.school_commune.name == "Besançon"


def test_a_pupil_opening_the_search_sees_their_level_preselected(client, offers, seconde_pupil):
    client.force_login(seconde_pupil)
    page = results(client)
    assert titles(page) == ["Tous", "Seconde"]
    assert LEVEL_NOTICE + " (seconde générale et technologique)" in text(page)
    assert chips(page) == {"Seconde générale et technologique": f"{URL}?public=tous"}
    options = page.context["page"].groups["public"].options
    assert [o.value for o in options if o.checked] == [Public.SECONDE]


def test_removing_the_level_sticks(client, offers, seconde_pupil):
    client.force_login(seconde_pupil)
    every = client.get(chips(results(client))["Seconde générale et technologique"])
    assert titles(every) == ["Tous", "Troisième", "Seconde"]
    assert chips(every) == {} and LEVEL_NOTICE not in text(every)
    # Its links keep saying "every public": a keyword removed does not bring the level back.
    keyword = results(client, q="offre", public="tous")
    assert chips(keyword) == {"« offre »": f"{URL}?public=tous"}
    assert link(keyword, "Effacer les critères") == f"{URL}?public=tous"
    assert "Choix inconnu" not in text(keyword)


@pytest.mark.parametrize(
    "params",
    [{"q": "offre"}, {"departement": "25"}, {"page": "1"}, {"public": "3e"}, {"tri": "date"}],
)
def test_never_over_a_url_that_carries_parameters(client, offers, seconde_pupil, params):
    client.force_login(seconde_pupil)
    page = results(client, **params)
    assert LEVEL_NOTICE not in text(page)
    assert "Seconde générale et technologique" not in chips(page)


@pytest.mark.parametrize("who", ["anonymous", "teacher", "pupil without class"])
def test_nobody_else_gets_a_level(client, offers, who):
    if who == "teacher":
        client.force_login(TeacherFactory())
    elif who == "pupil without class":
        client.force_login(PupilFactory())
    page = results(client)
    assert titles(page) == ["Tous", "Troisième", "Seconde"]
    assert LEVEL_NOTICE not in text(page) and chips(page) == {}
    assert link(page, "Effacer les critères") == URL


def test_around_me_starts_from_the_pupils_school(client, offers):
    dole = CommuneFactory(insee="39198", name="Dole", search_name="dole", postcodes="39100")
    pupil = enrolled_pupil(SchoolClassFactory(school=SchoolFactory(commune=dole)))
    client.force_login(pupil)
    around = link(results(client), "Autour de moi")
    path, _, query = around.partition("?")
    assert path == URL
    assert parse_qs(query) == {"commune": ["Dole (25)"], "rayon": ["20"], "public": ["seconde"]}
    page = client.get(around)
    assert page.context["page"].params.place == dole
    assert page.context["page"].params.radius == 20
    # The search's own radius is kept.
    assert "rayon=50" in link(results(client, q="offre", commune="Besançon", rayon="50"), "Autour")


def test_around_me_only_for_pupils_with_a_school(client, offers):
    assert link(results(client), "Autour de moi") == ""
    client.force_login(TeacherFactory())
    assert link(results(client), "Autour de moi") == ""
    client.force_login(PupilFactory(school=None))
    assert link(results(client), "Autour de moi") == ""
    client.force_login(PupilFactory())  # a school on the account, no class this year
    assert "Besan" in link(results(client), "Autour de moi")


def test_the_search_page_stays_public(client, offers):
    assert client.get(reverse("search:offers")).status_code == 200
