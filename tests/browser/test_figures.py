"""The Region's dashboard in a real browser, on a phone and on a desktop, axe clean."""

import pytest
from django.test import Client

from accounts.models import User
from benchmarks import figures as bench
from demo.offers import seed_offers
from figures import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def region(reference_data):
    """Offers, classes, pupils and applications enough for every chart to have bars."""
    seed_offers(600, seed=3)
    bench.seed(pupils=1500, applications=2400, seed=3, write=lambda *_: None)
    services.refresh()


def log_in(page, live_server):
    client = Client()
    client.force_login(UserFactory(role=User.Role.OBSERVER))
    cookie = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])


@pytest.mark.parametrize("width", [375, 1280])
def test_dashboard_reads_at_both_widths(
    region, page, live_server, axe_violations, screenshot, width
):
    log_in(page, live_server)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/chiffres/")
    assert page.locator("h1").inner_text() == "Chiffres des stages"
    assert axe_violations(page) == []
    # Nothing wider than the screen but the tables' own scrolling boxes.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    charts = page.locator("figure.chart svg[role=img]")
    assert charts.count() >= 8
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box["width"] <= width
    # The map: eight departments, a legend, the summary that names the extremes.
    carte = page.locator("figure.chart:has(svg.chart-map)")
    assert carte.locator("path").count() >= 8
    assert "Part d'élèves au stage complet" in carte.locator(".chart-summary").inner_text()
    # A chart's label is drawn at 14 px or more: the SVG is never shown smaller than 1:1.
    size = page.locator(".chart-label").first.evaluate(
        "e => e.getBoundingClientRect().height / e.getBBox().height * 14"
    )
    assert size >= 13.5, size
    # Equal access: the accessibility and distance figures, each a chart beside its table.
    figures = {}
    for slug in ("egalite-accessibilite", "egalite-distance"):
        figures[slug] = page.locator(f"section[aria-labelledby='{slug}-title']")
        assert figures[slug].locator("figure.chart svg[role=img]").count() == 1
        assert figures[slug].locator(".chart-summary").inner_text().strip()
        assert figures[slug].locator("table").count() == 1
    screenshot(page, f"figures-dashboard-{width}")
    screenshot(carte, f"figures-map-{width}")
    for slug, figure in figures.items():
        screenshot(figure, f"figures-{slug}-{width}")
