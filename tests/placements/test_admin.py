"""The admin shows applications and placements found elsewhere, and writes neither: an
edit there would skip the eligibility rule and its row locks (placements.services)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from placements.models import Application, AppState, ExternalPlacement
from tests.sessions import log_in

from .factories import ApplicationFactory, enrolled_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    admin = User.objects.create_superuser("admin@region-bfc.fr", "motdepasse-solide-42")
    TOTP.activate(admin, generate_totp_secret())
    log_in(client, admin)
    return client


def test_an_application_is_shown_and_not_editable(admin_client):
    application = ApplicationFactory(state=AppState.CONFIRMED)
    url = reverse("admin:placements_application_change", args=[application.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="start"' not in page.content.decode()
    assert application.offer.title in page.content.decode()

    moved = application.start - datetime.timedelta(days=7)
    response = admin_client.post(url, {"start": moved.isoformat(), "end": moved.isoformat()})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.start != moved
    assert admin_client.get(reverse("admin:placements_application_add")).status_code == 403


def test_a_placement_found_elsewhere_is_not_added_in_the_admin(admin_client):
    pupil = enrolled_pupil()
    url = reverse("admin:placements_externalplacement_add")
    data = {"pupil": pupil.pk, "school_year": 2027, "host_name": "Garage", "commune": "Dole"}
    assert admin_client.post(url, data).status_code == 403
    assert not ExternalPlacement.objects.exists()
    assert Application.objects.count() == 0
