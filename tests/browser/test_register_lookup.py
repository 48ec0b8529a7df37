"""A new host fills the organisation form from its SIRET, JavaScript off, at 375 px; axe
checks the filled page; the organisation is created with the register's name and address."""

import pytest

from organisations.models import Organisation, RegisterStatus
from register_sandbox import catalogue
from tests.factories import CommuneFactory, UserFactory

from .test_employer import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)
LOOKUP = "Remplir d'après le répertoire des entreprises"


def _open_companies(count):
    found = [
        (u, e)
        for u in catalogue.units().values()
        for e in u.establishments
        if e.open and u.legal_category.startswith("5")
    ][:count]
    for _unit, e in found:
        CommuneFactory(insee=e.insee, name=e.commune.title(), search_name=e.commune.lower(),
                       postcodes=e.postcode)  # fmt: skip
    return found


def _form_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", **options)
    context.add_cookies([session_cookie(live_server, UserFactory())])
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/espace/structure/nouvelle/")
    return context, page


def test_the_siret_fills_the_form(browser, live_server, axe_violations, register, screenshot):
    (unit, establishment), (other, elsewhere) = _open_companies(2)

    context, page = _form_page(browser, live_server, java_script_enabled=False)
    page.get_by_label("Numéro SIRET").fill(establishment.siret)
    page.get_by_role("button", name=LOOKUP).click()
    assert page.get_by_label("Nom de la structure").input_value() == unit.name
    street = page.get_by_label("Adresse (numéro et rue)").input_value()
    assert street.startswith(establishment.number + " ")
    assert "Nous avons rempli le nom" in page.locator("#register-notice").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "siret-lookup-375", issue=14)
    page.get_by_label("Présentation").fill("Nous accueillons des collégiens depuis dix ans.")
    page.get_by_role("button", name="Créer la structure").click()
    organisation = Organisation.objects.get(siret=establishment.siret)
    assert (organisation.name, organisation.street) == (unit.name, street)
    assert organisation.register_status == RegisterStatus.VERIFIED
    context.close()

    context, page = _form_page(browser, live_server)  # axe needs JavaScript
    assert axe_violations(page) == []
    page.get_by_label("Numéro SIRET").fill(elsewhere.siret)
    page.get_by_role("button", name=LOOKUP).click()
    assert page.get_by_label("Nom de la structure").input_value() == other.name
    assert axe_violations(page) == []
    page.get_by_label("Numéro SIRET").fill(establishment.siret)  # registered a moment ago
    page.get_by_role("button", name=LOOKUP).click()
    assert "déjà inscrite" in page.locator(".error-summary").inner_text()
    assert axe_violations(page) == []
    context.close()
