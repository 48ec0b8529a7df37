"""Someone reports an offer without JavaScript; a moderator takes it offline from the queue."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from offers.models import State
from reports.models import OfferReport, Outcome, Reason
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory

from .test_moderation import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_report_without_javascript_then_moderator_unpublishes(
    browser, live_server, page, axe_violations, screenshot
):
    offer = OfferFactory(state=State.PUBLISHED, title="Stage au fournil")
    EmployerFactory(organisation=offer.organisation, email="accueil@fournil.fr")

    # An anonymous visitor, JavaScript off.
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="fr-FR"
    )
    visitor = context.new_page()
    visitor.goto(offer.get_absolute_url())
    visitor.get_by_role("link", name="Signaler cette offre").click()
    assert visitor.locator("h1").inner_text() == "Signaler cette offre"
    # "Autre" without details: refused, in French, beside the field.
    visitor.get_by_label("Autre").check()
    visitor.get_by_role("button", name="Envoyer le signalement").click()
    assert visitor.get_by_role("alert").is_visible()
    assert (
        visitor.locator(".form-field.has-error")
        .inner_text()
        .count("Précisez ce qui pose problème dans cette offre.")
    )
    visitor.get_by_label("Offre frauduleuse ou trompeuse").check()
    visitor.get_by_label("Précisions").fill("On demande 50 € de frais de dossier <b>par mail</b>.")
    visitor.get_by_role("button", name="Envoyer le signalement").click()
    expect(visitor.get_by_text("votre signalement a bien été transmis")).to_be_visible()
    assert visitor.locator("h1").inner_text() == "Stage au fournil"
    context.close()
    report = OfferReport.objects.get()
    assert (report.reason, report.reporter) == (Reason.FRAUD, None)

    # Accessibility of the form, errors included (with JavaScript, for axe).
    page.goto(f"/offres/{offer.pk}/signaler/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.get_by_role("alert").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "report-form-errors")

    # The moderator: queue, review, unpublish.
    log_in(page, live_server, ModeratorFactory())
    page.goto("/moderation/")
    page.get_by_role("link", name="Voir les offres signalées").click()
    assert page.locator("h1").inner_text() == "Offres signalées"
    assert page.locator("tbody th[scope=row]").all_inner_texts() == ["Stage au fournil"]
    assert page.get_by_role("cell", name="Offre frauduleuse ou trompeuse").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "report-queue")

    page.get_by_role("link", name="Stage au fournil").click()
    assert page.get_by_text("On demande 50 € de frais de dossier <b>par mail</b>.").is_visible()
    assert axe_violations(page) == []
    # No message: nothing happens, the error is explained.
    page.get_by_role("button", name="Retirer l'offre du site").click()
    expect(
        page.get_by_role("alert").get_by_text("Aucune décision n'a été enregistrée.")
    ).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "report-review-error")
    page.get_by_label("Message à la structure d'accueil").fill(
        "Aucun frais ne peut être demandé à un stagiaire : retirez cette mention."
    )
    page.get_by_role("button", name="Retirer l'offre du site").click()
    expect(page.get_by_text("L'offre « Stage au fournil » est retirée du site")).to_be_visible()
    assert page.get_by_text("Aucune offre signalée en attente de traitement.").is_visible()

    offer.refresh_from_db()
    report.refresh_from_db()
    assert offer.state == State.CHANGES_REQUESTED
    assert report.outcome == Outcome.UNPUBLISHED
    assert [m.to for m in mail.outbox] == [["accueil@fournil.fr"]]
