"""A pupil's search in a real browser: their level preselected as a removable chip, "Autour
de moi" from their school, axe-clean on a phone and a desk."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from offers.models import Public, State
from reference.models import Department
from search.filters import seconde_weeks
from tests.factories import CommuneFactory, OfferFactory, SchoolFactory, SectorFactory
from tests.placements.factories import SchoolClassFactory, enrolled_pupil

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_search_cache(settings):
    settings.SEARCH_CACHE_SECONDS = 0


@pytest.fixture
def pupil_cookie(live_server):
    jura, _ = Department.objects.get_or_create(
        code="39", defaults={"name": "Jura", "prefecture": "Lons-le-Saunier", "academy": "Besançon"}
    )
    dole = CommuneFactory(
        insee="39198", name="Dole", search_name="dole", postcodes="39100", department=jura,
        latitude=47.0920, longitude=5.4897,
    )  # fmt: skip
    besancon = CommuneFactory()
    food = SectorFactory()
    week1, _ = seconde_weeks()
    for i, (commune, publics) in enumerate(
        [(dole, [Public.SECONDE])] * 3 + [(besancon, [Public.TROISIEME])] * 4
    ):
        OfferFactory(
            title=f"Boulangerie {i}", commune=commune, sector=food, publics=publics,
            state=State.PUBLISHED, periods=[(*week1, 2)],
        )  # fmt: skip
    pupil = enrolled_pupil(SchoolClassFactory(school=SchoolFactory(commune=dole)))
    client = Client()
    client.force_login(pupil)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


@pytest.mark.parametrize("width", [375, 1280])
def test_a_pupils_level_chip_and_around_me(
    browser, live_server, pupil_cookie, axe_violations, screenshot, width
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="fr-FR"
    )
    context.add_cookies([pupil_cookie])
    page = context.new_page()
    page.goto("/stages/")
    status = page.locator("#search-status")
    expect(status).to_contain_text("3 offres de stage")
    chip = page.get_by_role("link", name="Retirer : Seconde générale et technologique")
    expect(chip).to_be_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"stages-pupil-{width}", issue=17)
    chip.click()
    expect(status).to_contain_text("7 offres de stage")
    assert "public=tous" in page.url
    page.reload()  # the choice sticks
    expect(status).to_contain_text("7 offres de stage")
    page.get_by_role("link", name="Autour de moi").click()
    assert page.get_by_label("Commune").input_value() == "Dole (39)"
    expect(status).to_contain_text("3 offres de stage")
    assert axe_violations(page) == []
    context.close()
