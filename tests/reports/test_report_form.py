"""Anyone reports a published offer; bad input is refused in French, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from offers.models import State
from reports.models import OfferReport, Reason
from tests.factories import EmployerFactory, OfferFactory, PupilFactory

from .conftest import published_offer

pytestmark = pytest.mark.django_db


def report_url(offer):
    return reverse("reports:create", args=[offer.pk])


def test_public_page_links_to_the_report_form(client):
    offer = published_offer()
    content = client.get(offer.get_absolute_url()).content.decode()
    assert f'href="{report_url(offer)}"' in content
    assert "Signaler cette offre" in content


def test_preview_of_an_unpublished_offer_has_no_report_link(client):
    offer = OfferFactory(state=State.DRAFT)
    client.force_login(EmployerFactory(organisation=offer.organisation))
    assert report_url(offer) not in client.get(offer.get_absolute_url()).content.decode()


def test_form_lists_the_reasons_in_french(client):
    content = client.get(report_url(published_offer())).content.decode()
    assert "Signaler cette offre" in content
    for label in Reason.labels:
        assert label in content.replace("&#x27;", "'")


def test_anonymous_report_is_filed_and_confirmed(client):
    offer = published_offer()
    response = client.post(
        report_url(offer),
        {"reason": Reason.FRAUD, "details": "On me demande de payer pour postuler."},
        follow=True,
    )
    assert response.redirect_chain == [(offer.get_absolute_url(), 302)]
    assert "votre signalement a bien été transmis" in response.content.decode()
    report = OfferReport.objects.get()
    assert (report.offer, report.reason, report.reporter) == (offer, Reason.FRAUD, None)
    assert report.details == "On me demande de payer pour postuler."
    assert report.is_open and report.outcome == ""


def test_logged_in_report_records_the_reporter(client):
    pupil = PupilFactory()
    client.force_login(pupil)
    offer = published_offer()
    response = client.post(report_url(offer), {"reason": Reason.FILLED, "details": ""})
    assert response.status_code == 302
    report = OfferReport.objects.get()
    assert report.reporter == pupil and report.details == ""


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choisissez le motif du signalement."),
        ({"reason": "", "details": "Bonjour"}, "Choisissez le motif du signalement."),
        ({"reason": "spam"}, "Choisissez un motif dans la liste."),
        ({"reason": "<script>"}, "Choisissez un motif dans la liste."),
        ({"reason": Reason.OTHER}, "Précisez ce qui pose problème dans cette offre."),
        ({"reason": Reason.OTHER, "details": "   "}, "Précisez ce qui pose problème"),
        (
            {"reason": Reason.FRAUD, "details": "x" * 2001},
            "ne doivent pas dépasser 2000 caractères (elles en comptent 2001)",
        ),
        ({"reason": Reason.FRAUD, "details": "nul\x00"}, "Le caractère nul n’est pas autorisé."),
    ],
)
def test_bad_input_is_refused_in_french(client, data, error):
    offer = published_offer()
    response = client.post(report_url(offer), data)
    assert response.status_code == 200
    content = response.content.decode().replace("&#x27;", "'")
    assert error in content
    assert "error-summary" in content
    assert not OfferReport.objects.exists()


def test_html_in_details_is_stored_as_text_and_escaped(moderator_client):
    client = Client()
    offer = published_offer()
    details = '<script>alert("x")</script><b>gras</b>'
    # Refused (reason missing): the typed text comes back escaped.
    content = client.post(report_url(offer), {"details": details}).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    # Accepted: kept verbatim, shown escaped to moderators.
    client.post(report_url(offer), {"reason": Reason.OTHER, "details": details})
    assert OfferReport.objects.get().details == details
    review = moderator_client.get(reverse("reports:review", args=[offer.pk])).content.decode()
    assert "<script>alert" not in review and "<b>gras</b>" not in review
    assert "&lt;b&gt;gras&lt;/b&gt;" in review


def test_five_reports_per_ip_per_hour(client):
    offer = published_offer()
    # Refused submissions do not count against the limit.
    for _ in range(3):
        assert client.post(report_url(offer), {}).status_code == 200
    for _ in range(5):
        response = client.post(report_url(offer), {"reason": Reason.WRONG_INFORMATION})
        assert response.status_code == 302
    response = client.post(report_url(offer), {"reason": Reason.WRONG_INFORMATION})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert OfferReport.objects.count() == 5
    # Another address may still report.
    response = client.post(report_url(offer), {"reason": Reason.FILLED}, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    # Reading the form is never limited.
    assert client.get(report_url(offer)).status_code == 200


@pytest.mark.parametrize(
    "state",
    [s for s in State.values if s != State.PUBLISHED],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_published_offers_can_be_reported(moderator_client, state, method):
    client = Client()
    offer = OfferFactory(state=state)
    url = report_url(offer)
    assert getattr(client, method)(url, {"reason": Reason.FRAUD}).status_code == 404
    assert getattr(moderator_client, method)(url, {"reason": Reason.FRAUD}).status_code == 404
    assert not OfferReport.objects.exists()


def test_unknown_offer_is_a_404(client):
    assert client.get(reverse("reports:create", args=[999999])).status_code == 404
