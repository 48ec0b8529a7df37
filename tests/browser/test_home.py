import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_home_page_is_accessible_and_readable(page, axe_violations, width, screenshot):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    assert page.locator("h1").inner_text().startswith("Des stages près de chez vous")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_violations(page) == []
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"home-{width}")


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Mentions légales").click()
    assert page.locator("h1").inner_text() == "Mentions légales"
    context.close()
