"""End-to-end harness: Playwright driving Debian's Chromium, axe-core for accessibility.

Without Chromium these tests are skipped with the reason; STAGES_REQUIRE_BROWSER=1 (set by
.ci/run) turns that skip into a failure, so CI always runs them.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt install chromium)"
        if os.environ.get("STAGES_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself are still synchronous.
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe_violations():
    """Return the WCAG 2.1 A/AA violations of the page, as readable strings."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options=WCAG_AA)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} élément(s))"
            for v in results.response["violations"]
        ]

    return check


@pytest.fixture
def screenshot(tmp_path):
    """Save a screenshot of a page (full length) or of one element, for people to look at.

    By default it goes to the test's tmp_path, so a run leaves the checkout clean. With
    STAGES_SCREENSHOTS=DIR (relative to the repository) it goes to DIR/<issue>/<name>.png, or DIR/<name>.png for a shot
    of no issue: STAGES_SCREENSHOTS=docs/screenshots refreshes the pictures of the notes.
    """

    def save(target, name, issue=None):
        wanted = os.environ.get("STAGES_SCREENSHOTS")
        folder = tmp_path
        if wanted:
            folder = ROOT / wanted / str(issue) if issue else ROOT / wanted  # relative to the repo
        folder.mkdir(parents=True, exist_ok=True)
        options = {"full_page": True} if hasattr(target, "goto") else {}  # a Page, not a Locator
        target.screenshot(path=str(folder / f"{name}.png"), **options)

    return save
