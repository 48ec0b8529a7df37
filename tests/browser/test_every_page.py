"""Every page, in a browser, at 320, 375 and 1280 px: axe finds no WCAG 2.1 A/AA violation,
nothing scrolls sideways, the first Tab reaches "Aller au contenu". Then, at 320 px, every
text field of the page's forms filled with 1,000 characters: neither the page nor the page
the form leads to (errors, results, the value shown again) scrolls sideways.

The pages are the GET views of tests/test_permissions_matrix.py (which fails when a view has
no row there), each opened by the first role the matrix lets in, with its data: a new page
is checked from its first commit. Views that answer something other than a page say so in
NOT_PAGES.
"""

import pytest
from django.urls import reverse

from tests.permissions.rows import ROLES
from tests.permissions.world import _url_kwargs, _user, _world
from tests.test_permissions_matrix import VIEWS

from .test_moderation import log_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (320, 375, 1280)
LONG = "x" * 1000  # one word: nothing to break it but the page's own wrapping rules
# GET views that answer a file, a feed or data, not a page.
NOT_PAGES = {
    "sync_feed": "XML feed",
    "convention_pdf": "PDF",
    "convention_sign_pdf": "PDF",
    "class_csv": "CSV",
    "host_badge": "SVG image",
    "figures_export_xlsx": "spreadsheet",
    "figures_export_csv": "CSV",
    "figures_open_data_csv": "CSV",
    "figures_open_data_schema": "JSON schema",
    "commune_suggestions_public": "JSON",
}


def _pages():
    for view, (method, *_, expected) in VIEWS.items():
        if method != "get" or view in NOT_PAGES:
            continue
        role = next((role for role in ROLES if expected[role] == 200), None)
        if role:
            yield pytest.param(view, role, id=view)


def _with_saved_search(view, offer):
    """The saved searches' list shows one (the matrix's own pupil's)."""
    if view == "alerts_list":
        from alerts import services

        services.save_search(_world(offer)["pupil"], "q=boulang&commune=Besançon")


def _open(page, live_server, view, role):
    from tests.factories import OfferFactory

    _, url_name, kwargs, state, data, _ = VIEWS[view]
    offer = OfferFactory(state=state)
    url = reverse(url_name, kwargs=_url_kwargs(kwargs, offer))
    user = _user(role, offer)
    _with_saved_search(view, offer)
    if user:
        log_in(page, live_server, user)
    query = "&".join(f"{key}={offer.pk if value == 'pk' else value}" for key, value in data.items())
    return f"{url}?{query}" if query else url


def _scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


FILL = """long => {
  const forms = [...document.querySelectorAll("main form")].filter(form =>
    form.querySelector("input:not([type]), input[type=text], input[type=search], input[type=email],"
      + " input[type=url], input[type=tel], input[type=password], textarea"));
  return forms.length;
}"""
FILL_ONE = """([index, long]) => {
  const forms = [...document.querySelectorAll("main form")].filter(form =>
    form.querySelector("input:not([type]), input[type=text], input[type=search], input[type=email],"
      + " input[type=url], input[type=tel], input[type=password], textarea"));
  const form = forms[index];
  if (!form) { return null; }  // an earlier form's sending changed the page (a decision)
  form.noValidate = true;
  form.dataset.filled = "1";
  form.querySelectorAll("input:not([type]), input[type=text], input[type=search], input[type=email],"
      + " input[type=url], input[type=tel], input[type=password], textarea").forEach(field => {
    field.removeAttribute("maxlength");
    field.value = long;
  });
  return form.querySelector("button[type=submit], button:not([type]), input[type=submit]") !== null;
}"""


@pytest.fixture(autouse=True)
def _fresh_limits_and_search(settings):
    from django.core.cache import cache

    settings.SEARCH_CACHE_SECONDS = 0
    cache.clear()  # rate limits of earlier tests


@pytest.mark.parametrize(("view", "role"), list(_pages()))
def test_page_is_accessible_at_every_width(page, live_server, axe_violations, view, role):
    url = _open(page, live_server, view, role)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(url)
        assert response.status == 200, (width, response.status)
        assert response.headers["content-type"].startswith("text/html"), "add it to NOT_PAGES"
        assert axe_violations(page) == [], width
        assert _scroll_width(page) <= width, f"{_scroll_width(page)} px wide at {width} px"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Aller au contenu"
    assert page.locator("#contenu").count() == 1


@pytest.mark.parametrize(("view", "role"), list(_pages()))
def test_no_horizontal_scroll_at_320_with_1000_characters_in_every_field(
    page, live_server, view, role
):
    url = _open(page, live_server, view, role)
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(url)
    for index in range(page.evaluate(FILL, LONG)):
        page.goto(url)
        has_button = page.evaluate(FILL_ONE, [index, LONG])
        if has_button is None:
            break
        assert _scroll_width(page) <= 320, f"form {index} filled: {_scroll_width(page)} px"
        if not has_button:
            continue
        with page.expect_navigation():
            # As its first button would (some forms sit in a closed <details>).
            page.evaluate(
                """() => { const form = document.querySelector("main form[data-filled]");
                form.requestSubmit(form.querySelector(
                  "button[type=submit], button:not([type]), input[type=submit]")); }"""
            )
        assert _scroll_width(page) <= 320, (
            f"after sending form {index}: {_scroll_width(page)} px wide ({page.url[:80]})"
        )


@pytest.mark.parametrize("path", ["/cette-page-n-existe-pas/", f"/stages/?q={LONG}"])
def test_other_pages_at_every_width(page, axe_violations, path):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        assert axe_violations(page) == [], width
        assert _scroll_width(page) <= width, f"{_scroll_width(page)} px wide at {width} px"


def test_every_page_of_the_matrix_is_checked_or_said_not_to_be_a_page():
    pages = {param.values[0] for param in _pages()}
    gets = {view for view, spec in VIEWS.items() if spec[0] == "get"}
    refused_to_all = {
        view for view in gets if not any(VIEWS[view][-1][role] == 200 for role in ROLES)
    }
    assert gets == pages | set(NOT_PAGES) | refused_to_all
    assert {"search", "search_map", "alerts_list", "alerts_save", "alerts_share"} <= pages
