"""The offer map in a browser: without JavaScript, no request leaves the site, readable on a
phone and a desk."""

import pytest

from offers.models import State
from tests.factories import CommuneFactory, OfferFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_search_cache(settings):
    settings.SEARCH_CACHE_SECONDS = 0


@pytest.fixture
def offers(db):
    besancon = CommuneFactory()
    dole = CommuneFactory(
        insee="39198",
        name="Dole",
        search_name="dole",
        postcodes="39100",
        department__code="39",
        department__name="Jura",
        latitude=47.0920,
        longitude=5.4897,
    )
    for i in range(4):
        OfferFactory(title=f"Boulangerie {i}", commune=besancon, state=State.PUBLISHED)
    OfferFactory(title="Fromagerie", commune=dole, state=State.PUBLISHED)


def test_the_map_works_without_javascript_and_asks_nothing_of_another_site(
    browser, live_server, offers
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto("/stages/")
    page.get_by_role("link", name="Voir ces offres sur une carte").click()
    assert page.locator(".search-count").inner_text() == "5 offres de stage dans 2 communes"
    page.get_by_label("Commune", exact=True).fill("Dole")
    page.get_by_role("button", name="Afficher sur la carte").click()
    assert page.locator(".search-count").inner_text() == "1 offre de stage dans 1 commune"
    assert page.locator(".map-place").count() == 1
    page.get_by_role("link", name="Dole (39)").click()
    assert page.url.startswith(f"{live_server.url}/stages/?")
    assert page.get_by_role("link", name="Fromagerie").is_visible()
    assert hosts == {live_server.url.split("/")[2]}
    context.close()


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_map_fits_the_screen_and_is_accessible(page, offers, axe_violations, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/stages/carte/")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    svg = page.locator(".offer-map svg").bounding_box()
    assert svg["width"] <= width
    # The map, not the form, comes first on a phone: seen without scrolling.
    assert svg["y"] < 900
    assert page.locator(".map-points circle").count() == 2
