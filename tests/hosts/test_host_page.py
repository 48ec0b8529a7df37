"""The public host page: approved texts, live offers, pupils welcomed as yearly counts only
(no pupil data), and the yearly SVG badge: accessible, embeddable, cached and revalidated."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from offers.models import State as OfferState
from placements.models import Application, AppState
from tests.factories import OfferFactory, OrganisationFactory

from ..placements.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
LAST_YEAR = (datetime.date(2025, 3, 3), datetime.date(2025, 3, 7))  # school year 2024-2025


@pytest.fixture
def host():
    return OrganisationFactory(name="Boulangerie Martin & fils", description="Pain au levain.")


@pytest.fixture
def offer(host):
    offer = OfferFactory(organisation=host, state=OfferState.PUBLISHED, title="Stage au fournil")
    offer.__class__.objects.filter(pk=offer.pk).update(
        published_at=datetime.datetime.now(datetime.UTC)
    )
    return offer


def welcomed(offer, span=LAST_YEAR, state=AppState.CONFIRMED, first_name="Lina"):
    application = ApplicationFactory(offer=offer)
    Application.objects.filter(pk=application.pk).update(start=span[0], end=span[1], state=state)
    application.pupil.first_name = first_name
    application.pupil.save()
    return application


def text(response):
    return " ".join(response.content.decode().split())


def test_the_page_shows_live_offers_and_yearly_counts_without_pupil_data(client, host, offer):
    OfferFactory(organisation=host, state=OfferState.DRAFT, title="Brouillon secret")
    welcomed(offer, first_name="Zéphyrine")
    welcomed(offer, first_name="Zéphyrine")
    welcomed(offer, state=AppState.CANCELLED)
    response = client.get(reverse("placements:host_detail", args=[host.pk]))
    page = text(response)
    assert response.status_code == 200
    assert "<h1>Boulangerie Martin &amp; fils</h1>" in page
    assert f'href="{offer.get_absolute_url()}">Stage au fournil</a>' in page
    assert "Brouillon secret" not in page
    assert "2024-2025 : 2 élèves" in page
    assert "Zéphyrine" not in page
    assert "2025" in page and "3 mars" not in page  # no stage's dates


def test_the_badge_is_an_accessible_svg_with_caching_headers(client, host, offer):
    welcomed(offer)
    url = reverse("placements:host_badge", args=[host.pk, 2025])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    root = ET.fromstring(response.content)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "badge-title badge-desc"
    assert root.find(f"{SVG}title").text == "Structure accueillante 2024-2025"
    desc = root.find(f"{SVG}desc").text
    assert "Boulangerie Martin & fils a accueilli 1 élève en stage" in desc
    # Revalidation: the same badge is a 304 without a body.
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_the_page_links_the_badge_to_download_and_embed(client, host, offer):
    welcomed(offer)
    page = text(client.get(reverse("placements:host_detail", args=[host.pk])))
    badge = reverse("placements:host_badge", args=[host.pk, 2025])
    assert re.search(rf'<img src="http://testserver{badge}"[^>]*alt="Structure accueillante', page)
    assert 'download="structure-accueillante-2024-2025.svg"' in page
    assert "&lt;img src=&quot;http://testserver" in page or '&lt;img src="http://testserver' in page


def test_no_badge_for_a_year_without_pupils(client, host, offer):
    welcomed(offer, state=AppState.CANCELLED)
    assert client.get(reverse("placements:host_badge", args=[host.pk, 2025])).status_code == 404
    assert client.get(reverse("placements:host_badge", args=[host.pk, 2026])).status_code == 404
    page = text(client.get(reverse("placements:host_detail", args=[host.pk])))
    assert "Aucun stage terminé pour le moment." in page
    assert "Télécharger le badge" not in page


def test_a_stage_not_ended_yet_does_not_count(client, host, offer):
    future = datetime.date.today() + datetime.timedelta(days=30)
    welcomed(offer, span=(future, future + datetime.timedelta(days=4)))
    page = text(client.get(reverse("placements:host_detail", args=[host.pk])))
    assert "Aucun stage terminé pour le moment." in page


def test_a_host_never_approved_has_no_page(client):
    draft_only = OfferFactory(state=OfferState.SUBMITTED).organisation
    assert client.get(reverse("placements:host_detail", args=[draft_only.pk])).status_code == 404
    assert (
        client.get(reverse("placements:host_badge", args=[draft_only.pk, 2025])).status_code == 404
    )
    assert client.get("/structures/999999/").status_code == 404


def test_the_offer_page_links_to_its_host(client, host, offer):
    page = text(client.get(offer.get_absolute_url()))
    assert f'href="{reverse("placements:host_detail", args=[host.pk])}"' in page


def test_the_page_reads_in_a_fixed_number_of_queries(
    client, host, offer, django_assert_max_num_queries
):
    for _ in range(5):
        OfferFactory(organisation=host, state=OfferState.PUBLISHED)
        welcomed(offer)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("placements:host_detail", args=[host.pk]))
    assert response.status_code == 200
