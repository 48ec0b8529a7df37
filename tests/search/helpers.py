"""Reading a search page as a pupil would: its cards' titles, its words."""

import html
import re

from django.urls import reverse

URL = reverse("search:offers")


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [card.title for card in response.context["page"].cards]


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
