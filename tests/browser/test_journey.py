"""The whole journey of an offer, in a real browser, through the real forms.

An employer signs up, confirms the e-mail address, presents the organisation, proposes an
offer for seconde pupils and submits it; a moderator logs in with the TOTP second factor and
approves it; anyone can then read it. axe checks every page on the way.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.utils import timezone

from accounts.models import User
from offers.models import Offer, State
from organisations.validators import luhn_valid
from reference.loading import load_reference
from reference.models import Sector
from reference.periods import coming_seconde_period
from tests.factories import ModeratorFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 900}
PASSWORD = "Grenouille-du-Doubs-2025"
EMPLOYER_EMAIL = "claire.vernet@fromagerie-du-doubs.fr"
OFFER_TITLE = "Découverte de la fromagerie"


def luhn_siret(prefix13: str) -> str:
    """The 14-digit SIRET that completes `prefix13` with a valid Luhn key."""
    return next(prefix13 + str(d) for d in range(10) if luhn_valid(prefix13 + str(d)))


def current_totp(secret: str) -> str:
    """The code of the current 30-s window, never one about to expire: the server accepts no
    neighbouring window (allauth's tolerance is 0), and a loaded machine takes seconds from
    here to its check."""
    left = 30 - time.time() % 30
    if left < 8:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def new_page(browser, live_server):
    """A fresh browser (own cookies) on a phone-sized screen."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_viewport_size(PHONE)
    return page


def accessible(page, axe_violations):
    """Assert axe finds no WCAG 2.1 A/AA violation on the page shown."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def h1(page):
    return page.locator("h1").inner_text()


# Employer steps -----------------------------------------------------------------------


def sign_up(page, check):
    page.goto("/compte/signup/")
    check(page)
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label("Nom :", exact=True).fill("Vernet")
    page.get_by_label("J'accueille des stagiaires").check()
    page.get_by_label("Adresse e-mail").fill(EMPLOYER_EMAIL)
    page.get_by_label("Mot de passe :", exact=True).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    assert "Vérifiez votre adresse" in h1(page)
    check(page)
    assert User.objects.get(email=EMPLOYER_EMAIL).role == User.Role.EMPLOYER


def confirm_email(page, check):
    (message,) = [m for m in mail.outbox if EMPLOYER_EMAIL in m.to]
    path = re.search(r"/compte/confirm-email/[^/\s]+/", message.body).group(0)
    page.goto(path)
    check(page)
    page.get_by_role("button", name="Confirmer").click()
    check(page)
    assert EmailAddress.objects.get(email=EMPLOYER_EMAIL).verified


def log_in(page, check, email, password):
    page.goto("/compte/login/")
    check(page)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe :", exact=True).fill(password)
    page.get_by_role("button", name="Connexion").click()


def create_organisation(page, check):
    assert h1(page) == "Présenter ma structure d'accueil"
    check(page)
    page.get_by_label("Nom de la structure").fill("Fromagerie du Doubs")
    page.get_by_label("Numéro SIRET").fill(luhn_siret("7321000000042"))
    page.get_by_label("Type de structure").select_option(label="Entreprise")
    page.get_by_label("Adresse (numéro et rue)").fill("3 route de Pontarlier")
    page.get_by_label("Commune").fill("Besançon (25)")
    page.get_by_label("Présentation").fill("Fromagerie artisanale : comté et morbier.")
    page.get_by_role("button", name="Créer la structure").click()
    assert (
        "La structure « Fromagerie du Doubs » est créée." in page.locator(".messages").inner_text()
    )


def propose_offer(page, check, screenshot, sector):
    check(page)  # the dashboard, still empty
    page.get_by_role("link", name="Proposer une offre").first.click()
    assert h1(page) == "Proposer une offre de stage"
    check(page)
    screenshot(page, "journey-offer-form-375")
    page.get_by_label("Intitulé de l'offre").fill(OFFER_TITLE)
    page.get_by_label("Ce que l'élève verra et fera").fill(
        "Suivre la fabrication du comté, du lait à la cave d'affinage."
    )
    page.get_by_label("Secteur d'activité").select_option(sector.code)
    page.get_by_label("Seconde générale et technologique").check()
    page.get_by_label("Non", exact=True).check()
    page.get_by_label("Heure d'arrivée").fill("08:30")
    page.get_by_label("Heure de départ").fill("16:30")
    page.get_by_label("Les deux semaines").check()
    page.get_by_label("Nombre d'élèves de seconde accueillis").fill("2")
    page.get_by_label("Nom du tuteur ou de la tutrice").fill("Dominique Petit")
    page.get_by_label("E-mail du tuteur ou de la tutrice").fill("tuteur@fromagerie-du-doubs.fr")
    page.get_by_role("button", name="Enregistrer et soumettre").click()
    # The manage page of the offer.
    assert h1(page) == OFFER_TITLE
    assert "Offre enregistrée et envoyée en modération" in page.locator(".messages").inner_text()
    check(page)


def offer_awaits_moderation_on_dashboard(page, check):
    page.get_by_role("link", name="Mes offres").first.click()
    group = page.locator("section", has=page.locator("h2#etat-submitted"))
    assert OFFER_TITLE in group.inner_text()
    check(page)


# Moderator steps ----------------------------------------------------------------------


def log_in_with_totp(page, check, moderator):
    log_in(page, check, moderator.email, "motdepasse-solide-42")
    assert "/compte/2fa/authenticate/" in page.url
    check(page)
    page.get_by_label("Code").fill(current_totp(moderator.totp_secret))
    page.get_by_role("button", name="Connexion").click()


def approve(page, check, screenshot):
    assert h1(page) == "Offres à modérer"
    check(page)
    screenshot(page, "journey-moderation-queue-375")
    page.get_by_role("link", name=OFFER_TITLE).click()
    assert h1(page) == OFFER_TITLE
    check(page)
    page.get_by_role("button", name="Publier l'offre").click()
    assert page.get_by_text(f"L'offre « {OFFER_TITLE} » est publiée.").is_visible()
    check(page)


# Anonymous step -----------------------------------------------------------------------


def read_public_offer(page, check, screenshot, path):
    response = page.goto(path)
    assert response.status == 200
    assert h1(page) == OFFER_TITLE
    assert "Fromagerie du Doubs" in page.locator("main").inner_text()
    assert "aperçu" not in page.locator("main").inner_text().lower()
    check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "journey-public-375")


def test_offer_journey_from_signup_to_publication(browser, live_server, axe_violations, screenshot):
    load_reference()
    sector = Sector.objects.order_by("label").first()

    def check(page):
        accessible(page, axe_violations)

    employer_page = new_page(browser, live_server)
    sign_up(employer_page, check)
    confirm_email(employer_page, check)
    # Confirming the address logs the new host in (issue 14): no login step here.
    create_organisation(employer_page, check)
    propose_offer(employer_page, check, screenshot, sector)
    offer_awaits_moderation_on_dashboard(employer_page, check)
    offer = Offer.objects.get(title=OFFER_TITLE)
    assert offer.state == State.SUBMITTED
    seconde = coming_seconde_period(timezone.localdate())
    assert [(p.start, p.end, p.places) for p in offer.periods.all()] == [
        (seconde.start, seconde.end, 2)
    ]
    employer_page.context.close()

    mail.outbox.clear()
    moderator_page = new_page(browser, live_server)
    log_in_with_totp(moderator_page, check, ModeratorFactory())
    approve(moderator_page, check, screenshot)
    moderator_page.context.close()
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED
    (approval,) = mail.outbox
    assert approval.to == [EMPLOYER_EMAIL]
    assert OFFER_TITLE in approval.subject
    assert offer.get_absolute_url() in approval.body

    # Anyone follows the link of the e-mail.
    anonymous_page = new_page(browser, live_server)
    read_public_offer(anonymous_page, check, screenshot, offer.get_absolute_url())
    anonymous_page.context.close()
