"""A form sent back with errors (RGAA 11.10): the focus is on the error summary, so that the
first thing read is what to fix, and the page title starts with "Erreur : ". With JavaScript
(error-summary.js) and without (the summary's autofocus, the title written by the server)."""

import pytest
from django.test import Client

from offers.models import State
from tests.factories import EmployerFactory, OfferFactory, PupilFactory, SchoolFactory
from tests.sessions import log_in as log_in_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """Other tests' reports and logins count against this address's limits."""
    from django.core.cache import cache

    cache.clear()


def _log_in(page, live_server, user):
    client = Client()
    log_in_client(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _unchecked(page):
    """Send the form as the server gets it from any client: no browser-side checks."""
    page.evaluate(
        "document.querySelectorAll('form').forEach(f => f.noValidate = true);"
        "document.querySelectorAll('[maxlength]').forEach(f => f.removeAttribute('maxlength'))"
    )


def login(page, live_server):
    page.goto("/compte/login/")
    page.get_by_label("Adresse e-mail").fill("personne@exemple.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Connexion").click()


def signup(page, live_server):
    SchoolFactory()
    page.goto("/compte/signup/")
    page.get_by_label("Prénom").fill("Lou")
    page.get_by_label("Adresse e-mail").fill("pas-une-adresse")
    _unchecked(page)
    page.get_by_role("button", name="Création de compte").click()


def pupil_code_login(page, live_server):
    page.goto("/eleve/connexion/")
    page.get_by_label("Code de la classe").fill("ZZZZZZ")
    page.get_by_label("Code personnel").fill("ZZZZ-0000")
    page.get_by_role("button", name="Se connecter").click()


def report(page, live_server):
    offer = OfferFactory(state=State.PUBLISHED)
    page.goto(f"/offres/{offer.pk}/signaler/")
    _unchecked(page)
    page.locator("form.stack-form button[type=submit], form button[type=submit]").last.click()


def offer_create(page, live_server):
    _log_in(page, live_server, EmployerFactory())
    page.goto("/espace/offres/nouvelle/")
    _unchecked(page)
    page.locator("main form button[type=submit]").last.click()


def alert_save(page, live_server):
    _log_in(page, live_server, PupilFactory())
    page.goto("/alertes/nouvelle/?q=boulangerie")
    _unchecked(page)
    page.get_by_label("Nom de l'alerte").fill("n" * 1000)
    page.get_by_role("button", name="Enregistrer l'alerte").click()


FORMS = [login, signup, pupil_code_login, report, offer_create, alert_save]


def _assert_error_page(page):
    summary = page.locator(".error-summary[autofocus]")
    assert summary.count() == 1
    assert page.title().startswith("Erreur : "), page.title()
    assert summary.evaluate("el => el.contains(document.activeElement)"), page.evaluate(
        "document.activeElement.outerHTML.slice(0, 120)"
    )


@pytest.mark.parametrize("send", FORMS, ids=lambda f: f.__name__)
def test_errors_take_the_focus_and_the_title(page, live_server, send):
    send(page, live_server)
    _assert_error_page(page)


@pytest.mark.parametrize("send", [login, pupil_code_login], ids=lambda f: f.__name__)
def test_errors_take_the_focus_and_the_title_without_javascript(browser, live_server, send):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    send(page, live_server)
    _assert_error_page(page)
    context.close()


def test_a_page_without_errors_keeps_its_title_and_focus(page):
    page.goto("/compte/login/")
    assert not page.title().startswith("Erreur")
    assert page.locator(".error-summary").count() == 0
