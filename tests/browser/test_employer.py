"""An employer proposes an offer in a real browser, JavaScript off; axe checks the pages."""

import pytest
from django.test import Client

from offers.models import Offer, State
from tests.factories import EmployerFactory, SectorFactory
from tests.offers_employer.helpers import next_week

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(live_server, user):
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def test_employer_creates_and_submits_an_offer_without_javascript(
    browser, live_server, axe_violations, screenshot
):
    employer = EmployerFactory()
    sector = SectorFactory()
    cookie = session_cookie(live_server, employer)

    # Accessibility first, in a page where axe can run: empty form, then with errors.
    checked = browser.new_context(base_url=live_server.url, locale="fr-FR")
    checked.add_cookies([cookie])
    page = checked.new_page()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/espace/offres/nouvelle/")
    assert page.locator("h1").inner_text() == "Proposer une offre de stage"
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "employer-offer-form-375")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "Donnez un intitulé à l'offre." in summary.inner_text()
    assert axe_violations(page) == []
    summary.get_by_role("link", name="Intitulé de l'offre : Donnez un intitulé à l'offre.").click()
    assert page.url.endswith("#id_title")
    # With JavaScript, the commune field offers suggestions (static script, no inline code).
    page.get_by_label("Commune du lieu de stage").fill("besan")
    options = page.locator("datalist option")
    options.first.wait_for(state="attached")
    assert options.first.get_attribute("value") == "Besançon (25)"
    checked.close()

    # The real journey, JavaScript disabled.
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    context.add_cookies([cookie])
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/espace/offres/")
    page.get_by_role("link", name="Proposer une offre").click()
    page.get_by_label("Intitulé de l'offre").fill("Découverte de la fromagerie")
    page.get_by_label("Ce que l'élève verra et fera").fill("Suivre la fabrication du comté.")
    page.get_by_label("Secteur d'activité").select_option(sector.code)
    page.get_by_label("Collégiens de 3e").check()
    page.get_by_label("Adresse du lieu de stage (numéro et rue)").fill("3 route de Pontarlier")
    page.get_by_label("Commune du lieu de stage").fill("besancon")
    page.get_by_label("Non", exact=True).check()
    page.get_by_label("Heure d'arrivée").fill("08:30")
    page.get_by_label("Heure de départ").fill("16:30")
    start, end = next_week()
    page.locator("#id_periodes-0-start").fill(start.isoformat())
    page.locator("#id_periodes-0-end").fill(end.isoformat())
    page.locator("#id_periodes-0-places").fill("2")
    page.get_by_label("Nom du tuteur ou de la tutrice").fill("Dominique Petit")
    page.get_by_label("E-mail du tuteur ou de la tutrice").fill("tuteur@fromagerie.fr")
    page.get_by_role("button", name="Enregistrer et soumettre").click()

    assert page.locator("h1").inner_text() == "Découverte de la fromagerie"
    assert "Offre enregistrée et envoyée en modération" in page.locator(".messages").inner_text()
    offer = Offer.objects.get()
    assert offer.state == State.SUBMITTED and offer.commune.name == "Besançon"

    page.get_by_role("link", name="Mes offres").first.click()
    group = page.locator("section", has=page.locator("h2#etat-submitted"))
    assert "Découverte de la fromagerie" in group.inner_text()
    context.close()

    checked = browser.new_context(base_url=live_server.url, locale="fr-FR")
    checked.add_cookies([cookie])
    page = checked.new_page()
    page.goto("/espace/offres/")
    assert axe_violations(page) == []
    page.goto(f"/espace/offres/{offer.pk}/")
    assert axe_violations(page) == []
    checked.close()


def test_organisation_form_is_accessible_with_and_without_errors(page, live_server, axe_violations):
    from tests.factories import CommuneFactory, UserFactory

    CommuneFactory()
    page.context.add_cookies([session_cookie(live_server, UserFactory())])
    page.goto("/espace/offres/")
    assert page.locator("h1").inner_text() == "Présenter ma structure d'accueil"
    assert axe_violations(page) == []
    page.get_by_label("Numéro SIRET").fill("12345678901234")
    page.get_by_role("button", name="Créer la structure").click()
    assert "Ce numéro SIRET n'existe pas" in page.locator(".error-summary").inner_text()
    assert axe_violations(page) == []
