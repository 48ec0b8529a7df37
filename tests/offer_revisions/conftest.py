import datetime
import html

import pytest
from django.urls import reverse

from offers.models import Offer, Public, State
from offers.services import move
from tests.factories import EmployerFactory, OfferFactory, SectorFactory
from tests.offers_employer.helpers import next_week
from tests.sync_1j1s.conftest import free_port, sandbox  # noqa: F401 (fixtures)


@pytest.fixture
def employer(db):
    return EmployerFactory()


@pytest.fixture
def live_offer(employer):
    """A 3e offer, approved (pushed to the national sandbox when the test uses it)."""
    SectorFactory(code="s10", label="Commerce et distribution")
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        state=State.SUBMITTED,
        publics=[Public.TROISIEME],
        periods=[(*next_week(), 2)],
        hours_start=datetime.time(8, 30),
        hours_end=datetime.time(16, 30),
        transport="Bus ligne 3",
    )
    move(offer, "approve")
    return Offer.objects.get(pk=offer.pk)


def form_data(client, offer, **changes) -> dict:
    """The edit form as the page shows it (every field and period row), with `changes`."""
    page = client.get(reverse("offers:edit", args=[offer.pk]))
    assert page.status_code == 200
    data = {}
    for bound in page.context["form"]:
        value = bound.value()
        if value is not None:
            data[bound.html_name] = value if isinstance(value, list) else str(value)
    periods = page.context["periods"]
    for key, value in periods.management_form.initial.items():
        data[f"{periods.prefix}-{key}"] = value
    for period_form in periods:
        for bound in period_form:
            value = bound.value()
            data[bound.html_name] = (
                value.isoformat() if hasattr(value, "isoformat") else (value or "")
            )
    return data | changes


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
