"""The home page's search box: keyword and commune, sent to /stages/ as they are."""

import html
import re

import pytest
from django.urls import reverse

from tests.factories import CommuneFactory, OfferFactory

pytestmark = pytest.mark.django_db


def home_form(client) -> str:
    content = client.get(reverse("home")).content.decode()
    return re.search(r'<form class="home-search".*?</form>', content, re.S).group(0)


def test_the_home_page_has_a_labelled_search_box_sent_by_get_to_the_search(client):
    form = home_form(client)
    assert 'method="get"' in form and f'action="{reverse("search:offers")}"' in form
    assert 'role="search"' in form
    for name, label in (("q", "Métier, mot-clé ou structure"), ("commune", "Commune")):
        field_id = re.search(rf'id="([^"]+)"\s+name="{name}"', form).group(1)
        assert f'<label for="{field_id}">{label}</label>' in html.unescape(form)
    hint = re.search(r'aria-describedby="([^"]+)"', form).group(1)
    assert f'id="{hint}"' in form  # the commune's hint is the one announced
    assert '<button type="submit"' in form


def test_what_the_home_box_sends_is_a_search(client):
    CommuneFactory()
    OfferFactory(title="Fromagerie du centre", state="published")
    OfferFactory(title="Garage", description="Entretien des voitures.", state="published")
    response = client.get(reverse("search:offers"), {"q": "fromagerie", "commune": "25000"})
    assert response.status_code == 200
    assert [card.title for card in response.context["page"].cards] == ["Fromagerie du centre"]
    # Empty fields, as the box sends them untouched: every offer.
    assert client.get(reverse("search:offers"), {"q": "", "commune": ""}).status_code == 200
