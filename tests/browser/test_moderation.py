"""A moderator works through the queue in a real browser; the public page is checked too."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from offers.models import State
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in as log_in_client

pytestmark = pytest.mark.django_db(transaction=True)


def submitted(title, days_ago):
    offer = OfferFactory(
        state=State.SUBMITTED,
        title=title,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        transport="Tram ligne 1, arrêt Chamars.",
        accessible=True,
    )
    EmployerFactory(organisation=offer.organisation)
    return offer


def log_in(page, live_server, user):
    """Moderators log in with a second factor: skip the form, bring a session cookie."""
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(user, generate_totp_secret())
    client = Client()
    log_in_client(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_moderator_rejects_one_offer_and_approves_another(
    page, live_server, axe_violations, screenshot
):
    to_reject = submitted("Offre à refuser", days_ago=3)
    to_approve = submitted("Offre à publier", days_ago=1)
    log_in(page, live_server, ModeratorFactory())

    page.goto("/moderation/")
    assert page.locator("h1").inner_text() == "Offres à modérer"
    rows = page.locator("tbody th[scope=row]")
    assert rows.all_inner_texts() == ["Offre à refuser", "Offre à publier"]
    assert axe_violations(page) == []

    page.get_by_role("link", name="Offre à refuser").click()
    assert page.locator("h1").inner_text() == "Offre à refuser"
    assert axe_violations(page) == []
    # No reason: the error is beside the field, nothing is decided.
    page.get_by_role("button", name="Refuser l'offre").click()
    assert (
        page.get_by_role("alert").get_by_text("Aucune décision n'a été enregistrée.").is_visible()
    )
    assert page.locator(".form-field.has-error").inner_text().count("Indiquez le motif du refus.")
    page.get_by_role("link", name="Indiquez le motif du refus.").click()
    assert page.url.endswith("#id_reject-message")
    assert axe_violations(page) == []
    screenshot(page, "moderation-review-error")
    page.get_by_label("Motif du refus").fill("Le lieu de stage est hors de la région.")
    page.get_by_role("button", name="Refuser l'offre").click()
    assert page.get_by_text("L'offre « Offre à refuser » est refusée.").is_visible()
    assert page.locator("tbody th[scope=row]").all_inner_texts() == ["Offre à publier"]

    page.get_by_role("link", name="Offre à publier").click()
    page.get_by_role("button", name="Publier l'offre").click()
    assert page.get_by_text("L'offre « Offre à publier » est publiée.").is_visible()
    assert page.get_by_text("Aucune offre en attente de modération.").is_visible()

    to_reject.refresh_from_db()
    to_approve.refresh_from_db()
    assert to_reject.state == State.REJECTED
    assert to_reject.transitions.get().message == "Le lieu de stage est hors de la région."
    assert to_approve.state == State.PUBLISHED
    assert len(mail.outbox) == 2


def test_public_offer_page_is_accessible_on_a_phone(page, axe_violations, screenshot):
    offer = OfferFactory(
        state=State.PUBLISHED,
        title="Découverte du métier de boulanger",
        transport="Tram ligne 1, arrêt Chamars.",
        accessible=True,
        accessibility_details="Fournil de plain-pied.",
    )
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(offer.get_absolute_url())
    assert page.locator("h1").inner_text() == "Découverte du métier de boulanger"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "offer-public-375")


def test_public_offer_page_works_without_javascript(browser, live_server):
    offer = OfferFactory(state=State.PUBLISHED)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    response = page.goto(offer.get_absolute_url())
    assert response.status == 200
    assert page.locator("h1").inner_text() == offer.title
    assert page.get_by_text("Périodes de stage").is_visible()
    context.close()
