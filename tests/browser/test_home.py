import pytest
from playwright.sync_api import expect

from tests.factories import CommuneFactory, OfferFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_home_page_is_accessible_and_readable(page, axe_violations, width, screenshot):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Des stages près de chez vous")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_violations(page) == []
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"home-{width}", issue=17)


@pytest.mark.parametrize("javascript", [True, False])
def test_the_home_search_box_leads_to_the_search(browser, live_server, javascript):
    CommuneFactory()
    OfferFactory(title="Fromagerie du centre", state="published")
    OfferFactory(title="Garage", description="Entretien des voitures.", state="published")
    context = browser.new_context(
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport={"width": 375, "height": 812},
    )
    page = context.new_page()
    page.goto("/")
    box = page.get_by_role("search", name="Chercher un stage")
    box.get_by_label("Métier, mot-clé ou structure").fill("fromagerie")
    box.get_by_label("Commune").fill("25000")
    box.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#search-status")).to_contain_text("1 offre de stage")
    assert "q=fromagerie" in page.url and "commune=25000" in page.url
    assert page.get_by_label("Métier, mot-clé ou structure").input_value() == "fromagerie"
    context.close()


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link").first
    assert skip.inner_text() == "Aller au contenu"
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_skip_links_reach_the_menu_and_the_footer(page):
    page.goto("/")
    for target in ("menu", "pied-de-page"):
        page.goto("/")
        page.locator(f".skip-link[href='#{target}']").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Mentions légales").click()
    assert page.locator("h1").inner_text() == "Mentions légales"
    context.close()
