"""The department and sector choices kept in the process (reference/choices.py): a change
made here shows at once, one made by another process within CHOICES_SECONDS."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reference import choices
from reference.models import Sector
from tests.factories import SectorFactory

URL = reverse("search:offers")
pytestmark = pytest.mark.django_db


def test_a_sector_saved_here_shows_at_once(client):
    client.get(URL)
    SectorFactory(code="s99", label="Zythologie")
    assert "Zythologie" in client.get(URL).content.decode()
    Sector.objects.get(code="s99").delete()
    assert "Zythologie" not in client.get(URL).content.decode()


def test_a_change_elsewhere_shows_within_the_interval(client, monkeypatch):
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(URL)
    assert not any("reference_sector" in query["sql"] for query in queries)
    Sector.objects.bulk_create([Sector(code="s98", label="Œnologie")])  # no signal
    assert "Œnologie" not in client.get(URL).content.decode()
    later = choices.time.monotonic() + choices.CHOICES_SECONDS + 1
    monkeypatch.setattr(choices.time, "monotonic", lambda: later)
    assert "Œnologie" in client.get(URL).content.decode()
