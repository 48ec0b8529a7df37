"""A pupil withdrawing an application is asked first, on its own page (a plain form), told
what it does; another pupil's application is a 404; an answered one cannot be withdrawn."""

import pytest
from django.urls import reverse

from placements.models import Application, AppState
from tests.placements.factories import ApplicationFactory, enrolled_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(offer__title="Stage au fournil")


def test_my_applications_link_to_the_confirmation_page(client, application):
    client.force_login(application.pupil)
    page = client.get(reverse("placements:mine")).content.decode()
    assert f'href="{reverse("placements:withdraw", args=[application.pk])}"' in page
    withdraw_now = reverse("placements:pupil_action", args=[application.pk, "withdraw"])
    assert f'action="{withdraw_now}"' not in page


def test_the_page_says_what_happens_and_changes_nothing(client, application):
    client.force_login(application.pupil)
    response = client.get(reverse("placements:withdraw", args=[application.pk]))
    page = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "Retirer votre candidature à « Stage au fournil » ?" in page
    assert "ne peut plus accepter votre candidature" in page
    assert '<form method="post"' in page
    application.refresh_from_db()
    assert application.state == AppState.SUBMITTED


def test_confirming_withdraws(client, application):
    client.force_login(application.pupil)
    response = client.post(reverse("placements:withdraw", args=[application.pk]), follow=True)
    application.refresh_from_db()
    assert application.state == AppState.WITHDRAWN
    assert "Candidature retirée." in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_answered_application_cannot_be_withdrawn(client, application, method):
    Application.objects.filter(pk=application.pk).update(state=AppState.ACCEPTED)
    client.force_login(application.pupil)
    url = reverse("placements:withdraw", args=[application.pk])
    response = getattr(client, method)(url, follow=True)
    assert "Seule une candidature en attente de réponse peut être retirée." in (
        response.content.decode()
    )
    application.refresh_from_db()
    assert application.state == AppState.ACCEPTED


def test_another_pupils_application_is_a_404(client, application):
    client.force_login(enrolled_pupil())
    assert client.get(reverse("placements:withdraw", args=[application.pk])).status_code == 404
    assert client.post(reverse("placements:withdraw", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.state == AppState.SUBMITTED


@pytest.mark.parametrize(
    "url",
    [
        "/eleve/candidatures/99999999999999999999/retirer/",
        "/structures/99999999999999999999/",
        "/structures/abc/",
        "/structures/1/badge-99999999999999999999.svg",
        "/structures/1/badge-0.svg",
        "/structures/1/badge-%00.svg",
        "/espace/offres/99999999999999999999/retirer/",
    ],
)
def test_malformed_urls_are_404(client, application, url):
    client.force_login(application.pupil)
    assert client.get(url).status_code in (404, 403)
