"""A legal representative signs the convention from a phone (375 px), from the link of
their e-mail, with the code of their e-mail; axe finds nothing on the way. The pages are
photographed at 375 and 1280 px in docs/screenshots/15/ (the note of issue 15 shows them)."""

import re

import pytest
from django.core import mail
from django.test import Client

from conventions import signing
from conventions.models import Convention, Party, State
from tests.conventions.factories import complete, confirmed_placement

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
LINK = re.compile(r"https?://[^\s]+(/signature/[^/\s]+/)")
CODE = re.compile(r"Votre code de signature : (\d{6})")


def _logged_in(browser, live_server, user, viewport):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=viewport)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def test_a_guardian_signs_from_a_phone(browser, live_server, axe_violations, screenshot):
    application = confirmed_placement(first_name="Inès", last_name="Martin")
    convention = complete(Convention.objects.get(application=application))
    teacher = convention.school_class.teachers.get()
    mail.outbox.clear()
    signing.send(convention, teacher)
    guardian = convention.signatures.get(party=Party.GUARDIAN)
    (invitation,) = [m for m in mail.outbox if m.to == [guardian.email]]
    link = LINK.search(invitation.body).group(1)

    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    page.goto(link)
    assert page.locator("h1").inner_text() == "Signer la convention de Inès Martin"
    assert axe_violations(page) == []
    screenshot(page, "sign-375", issue=15)
    # Nothing wider than the phone: the convention reads without scrolling sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    mail.outbox.clear()
    page.get_by_role("button", name=f"Envoyer un code à {guardian.email}").click()
    assert "Un code à 6 chiffres vient d'être envoyé" in page.content()
    code = CODE.search(mail.outbox[-1].subject).group(1)
    page.get_by_label("Votre nom, tel qu'il figure sur la convention").fill("samia martin")
    page.get_by_label("Code reçu par e-mail (6 chiffres)").first.fill("000000")
    page.get_by_role("button", name="Je signe la convention").click()
    assert "Ce code n'est pas le bon" in page.content()
    assert axe_violations(page) == []
    assert page.get_by_label("Votre nom, tel qu'il figure sur la convention").input_value() == (
        "samia martin"
    )
    page.get_by_label("Code reçu par e-mail (6 chiffres)").first.fill(code)
    page.get_by_role("button", name="Je signe la convention").click()
    assert "Votre signature est enregistrée" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "signed-375", issue=15)
    guardian.refresh_from_db()
    assert guardian.signed_at is not None
    assert guardian.user_agent.startswith("Mozilla/")
    context.close()

    # The teacher's pages, on a phone and on a desktop, with a class in every state.
    school_class = convention.school_class
    confirmed_placement(school_class, first_name="Hugo", last_name="Bernard")
    ready = confirmed_placement(school_class, first_name="Lina", last_name="Petit")
    complete(Convention.objects.get(application=ready))
    signed = confirmed_placement(school_class, first_name="Yanis", last_name="Roux")
    Convention.objects.filter(application=signed).update(state=State.SIGNED)
    for viewport, width in ((PHONE, 375), (DESKTOP, 1280)):
        context = _logged_in(browser, live_server, teacher, viewport)
        page = context.new_page()
        page.goto(f"/classes/{convention.school_class_id}/")
        table = page.locator("table.class-table").inner_text()
        for status in ("En attente de 3 signatures", "Informations manquantes", "Prête à envoyer"):
            assert status in table
        assert "Signée" in table
        assert axe_violations(page) == []
        screenshot(page, f"class-table-{width}", issue=15)
        page.goto(f"/conventions/{convention.pk}/")
        assert axe_violations(page) == []
        screenshot(page, f"convention-{width}", issue=15)
        context.close()
    assert Convention.objects.get(pk=convention.pk).state == State.SIGNING
