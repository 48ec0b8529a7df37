"""The offer search in a real browser: with htmx, without JavaScript, on a phone."""

import math

import pytest
from playwright.sync_api import expect

from offers.models import State
from reference.models import Department
from search.filters import seconde_weeks
from tests.factories import CommuneFactory, OfferFactory, SectorFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEAR, FAR = 21, 5  # offers within 20 km of Besançon, and 45 km away (Dole)


@pytest.fixture(autouse=True)
def _no_search_cache(settings):
    settings.SEARCH_CACHE_SECONDS = 0


@pytest.fixture
def offers(db):
    jura, _ = Department.objects.get_or_create(
        code="39", defaults={"name": "Jura", "prefecture": "Lons-le-Saunier", "academy": "Besançon"}
    )
    besancon = CommuneFactory()
    near = CommuneFactory(
        insee="25100",
        name="Près-Dedans",
        search_name="pres dedans",
        postcodes="25110",
        latitude=besancon.latitude + math.degrees(12_000 / 6378168),
        longitude=besancon.longitude,
    )
    dole = CommuneFactory(
        insee="39198",
        name="Dole",
        search_name="dole",
        postcodes="39100",
        department=jura,
        latitude=47.0920,
        longitude=5.4897,
    )
    food = SectorFactory()
    SectorFactory(code="s43", label="Santé humaine et action sociale")
    week1, _ = seconde_weeks()
    for i in range(NEAR):
        OfferFactory(
            title=f"Boulangerie {i:02d}",
            commune=near,
            sector=food,
            state=State.PUBLISHED,
            periods=[(*week1, 2)],
        )
    for i in range(FAR):
        OfferFactory(
            title=f"Fromagerie {i}",
            commune=dole,
            sector=food,
            state=State.PUBLISHED,
            periods=[(*week1, 3)],
        )


def _search_commune_and_sector(page):
    page.goto("/")
    page.get_by_role("link", name="Trouver un stage").first.click()
    page.get_by_label("Commune").fill("Besançon")
    # On a desk the filters stand beside the results; on a phone, behind "Filtres".
    if page.viewport_size["width"] < 1024:  # search.css: 64rem
        page.locator("#filtres > summary").click()
    page.get_by_role("checkbox", name="Industrie alimentaire").check()
    page.get_by_role("button", name="Rechercher").click()


def _page_two_then_offer_then_back(page):
    page.get_by_role("link", name="Page suivante").click()
    expect(page.locator("#search-status")).to_contain_text("page 2 sur 2")
    assert "page=2" in page.url
    first = page.locator(".result-card h3 a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    page.go_back()
    expect(page.locator("#search-status")).to_contain_text("page 2 sur 2")
    expect(page.locator(".result-card h3 a").first).to_have_text(title)
    assert page.get_by_label("Dans un rayon de").input_value() == "50"
    assert page.get_by_role("checkbox", name="Industrie alimentaire").is_checked()


def test_search_with_htmx(page, offers, axe_violations, screenshot):
    _search_commune_and_sector(page)
    status = page.locator("#search-status")
    expect(status).to_contain_text(f"{NEAR} offres de stage")
    assert status.get_attribute("aria-live") == "polite"
    assert axe_violations(page) == []
    # Widening the radius updates the results in place (htmx), and the URL.
    page.get_by_label("Dans un rayon de").select_option("50")
    expect(status).to_contain_text(f"{NEAR + FAR} offres de stage")
    assert "rayon=50" in page.url
    expect(page.locator("#n-secteur-s28")).to_have_text(f"({NEAR + FAR})")
    _page_two_then_offer_then_back(page)


def test_search_without_javascript(browser, live_server, offers):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    _search_commune_and_sector(page)
    expect(page.locator("#search-status")).to_contain_text(f"{NEAR} offres de stage")
    page.get_by_label("Dans un rayon de").select_option("50")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#search-status")).to_contain_text(f"{NEAR + FAR} offres de stage")
    _page_two_then_offer_then_back(page)
    context.close()


def test_empty_results_are_accessible_and_suggest_widening(page, offers, axe_violations):
    page.goto("/stages/?commune=Besan%C3%A7on&rayon=5&secteur=s28")
    expect(page.locator("#search-status")).to_contain_text("Aucune offre")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Élargir la recherche à 20 km").click()
    expect(page.locator("#search-status")).to_contain_text(f"{NEAR} offres de stage")


def test_search_on_a_phone(browser, live_server, offers, axe_violations, screenshot):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 812}, locale="fr-FR"
    )
    page = context.new_page()
    page.goto("/stages/?commune=Besan%C3%A7on&rayon=50")
    expect(page.locator("#search-status")).to_contain_text("offres de stage")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scroll: {width}px"
    assert axe_violations(page) == []
    screenshot(page, "search-375")
    context.close()


def test_phone_layout_first_result_on_first_screen(browser, live_server, offers):
    """375 px: the search box, "Filtres (n)" and the first result on the first screen; 320 px
    with a 1,000-character keyword: nothing scrolls sideways (issue 17)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto("/stages/?secteur=s28")
    expect(page.locator("#filtres > summary")).to_contain_text("Filtres (1)")
    assert page.locator(".result-card").first.bounding_box()["y"] < 812
    assert not page.get_by_role("checkbox", name="Industrie alimentaire").is_visible()
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/stages/?q=" + "x" * 1000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_sort_menu_follows_the_search(page, offers, axe_violations, screenshot, width):
    """The menu's default is named for what it does, and changes with the keyword (htmx)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/stages/")
    menu, status = page.get_by_label("Triées par"), page.locator("#search-status")
    expect(menu.locator("option:checked")).to_have_text("Les plus récentes")
    expect(status).to_contain_text("les plus récentes d'abord")
    page.get_by_label("Métier, mot-clé ou structure").fill("boulangerie")
    expect(status).to_contain_text("les plus pertinentes d'abord")
    expect(menu.locator("option:checked")).to_have_text("Les plus pertinentes")
    assert menu.input_value() == ""  # still the default: it follows the next keyword
    assert axe_violations(page) == []
    screenshot(page, f"stages-{width}", issue=17)
    menu.select_option(label="Les plus récentes")
    expect(status).to_contain_text("les plus récentes d'abord")
    assert "tri=recent" in page.url
