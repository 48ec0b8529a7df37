"""The host's inbox on a phone (375 px) and a desktop (1280 px): waiting applications first,
answered in place (accept with a message, refuse with a reason), axe clean at each step, no
sideways scrolling on the phone. Screenshots: docs/screenshots/14/
(with STAGES_SCREENSHOTS=docs/screenshots)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from offers.models import OfferRevision, State
from placements.models import Application, AppState
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.placements.factories import ApplicationFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 900}
DESKTOP = {"width": 1280, "height": 900}


def _logged_in_page(browser, live_server, user, viewport):
    client = Client()
    log_in(client, user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=viewport)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, context.new_page()


def _inbox_world():
    offer = OfferFactory(state=State.PUBLISHED, title="Stage au fournil")
    member = EmployerFactory(organisation=offer.organisation)
    pupils = []
    for days_ago, first_name, motivation in [
        (9, "Inès", "J'aimerais découvrir le métier de boulangère, je me lève tôt sans peine."),
        (2, "Noé", "Je voudrais voir comment on fait le pain au levain."),
    ]:
        application = ApplicationFactory(offer=offer, motivation=motivation)
        Application.objects.filter(pk=application.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        application.pupil.first_name = first_name
        application.pupil.save()
        pupils.append(application)
    accepted = ApplicationFactory(offer=offer)
    Application.objects.filter(pk=accepted.pk).update(state=AppState.ACCEPTED)
    return offer, member, pupils


def test_the_inbox_on_a_phone(browser, live_server, axe_violations, screenshot):
    _offer, member, (oldest, newest) = _inbox_world()
    context, page = _logged_in_page(browser, live_server, member, PHONE)
    page.goto("/espace/candidatures/")
    assert page.locator("h1").inner_text() == "Candidatures reçues"
    assert page.get_by_text("2 candidatures attendent votre réponse.").is_visible()
    names = page.locator(".application-card h2").all_inner_texts()
    assert names[0].startswith("Inès") and names[1].startswith("Noé")  # oldest waiting first
    assert page.get_by_text("Attend votre réponse depuis 9 jours.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, "inbox-375", issue=14)

    # Refuse the oldest with a reason, from the inbox.
    card = page.locator(".application-card").first
    card.locator("summary").click()
    card.get_by_label("Motif du refus").select_option("tutor")
    card.get_by_label("Précisions pour l'élève (facultatif)").fill("Notre tuteur est en congé.")
    assert axe_violations(page) == []
    card.get_by_role("button", name="Refuser la candidature").click()
    page.wait_for_url("**/espace/candidatures/**")
    assert page.get_by_text("1 candidature attend votre réponse.").is_visible()

    # Accept the other with a message.
    card = page.locator(".application-card.state-submitted").first
    card.get_by_label("Message à l'élève (facultatif)").fill("Rendez-vous lundi à 8 h.")
    card.get_by_role("button", name="Accepter").click()
    page.wait_for_url("**/espace/candidatures/**")
    assert page.get_by_text("Aucune candidature n'attend votre réponse.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    context.close()

    oldest.refresh_from_db()
    newest.refresh_from_db()
    assert (oldest.state, oldest.decline_reason) == (AppState.DECLINED, "tutor")
    assert (newest.state, newest.answer) == (AppState.ACCEPTED, "Rendez-vous lundi à 8 h.")


def test_the_inbox_withdrawal_and_host_page_on_a_desktop(
    browser, live_server, axe_violations, screenshot
):
    offer, member, _ = _inbox_world()
    context, page = _logged_in_page(browser, live_server, member, DESKTOP)
    page.goto("/espace/candidatures/")
    assert axe_violations(page) == []
    screenshot(page, "inbox-1280", issue=14)

    page.goto(f"/espace/offres/{offer.pk}/")
    page.get_by_role("link", name="Retirer l'offre du site…").click()
    assert page.locator("h1").inner_text() == "Retirer l'offre « Stage au fournil » du site ?"
    assert page.get_by_text("2 candidatures en attente de réponse").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "withdraw-1280", issue=14)
    page.get_by_role("link", name="Non, garder l'offre").click()
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED
    context.close()

    # What a family reads of the host: its offers, a stage it hosted last year, its badge.
    hosted = ApplicationFactory(offer=offer)
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    Application.objects.filter(pk=hosted.pk).update(
        state=AppState.CONFIRMED, start=last_year, end=last_year + datetime.timedelta(days=4)
    )
    page = browser.new_page(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    page.goto(offer.get_absolute_url())
    page.get_by_role("link", name=offer.organisation.name).click()
    assert page.locator("h1").inner_text() == offer.organisation.name
    assert page.get_by_role("link", name="Stage au fournil").is_visible()
    badge = page.get_by_role("img", name=re.compile("^Structure accueillante"))
    loaded = (  # the SVG loads (waiting for it: a slow machine may not have it yet)
        "img => img.complete ? img.naturalWidth : new Promise(resolve => {"
        " img.onload = () => resolve(img.naturalWidth); img.onerror = () => resolve(0); })"
    )
    assert badge.evaluate(loaded) == 360
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, "host-page-375", issue=14)
    page.close()


def test_the_moderators_diff_of_a_revised_offer(browser, live_server, axe_violations, screenshot):
    offer = OfferFactory(state=State.PUBLISHED, title="Stage au fournil", transport="Bus ligne 3")
    revision = OfferRevision.objects.create(
        offer=offer,
        proposed={
            "title": "Stage au fournil et à la vente",
            "transport": "Tram T2, arrêt Chamars, puis 5 minutes à pied",
        },
    )
    context, page = _logged_in_page(browser, live_server, ModeratorFactory(), DESKTOP)
    page.goto(f"/moderation/offres-modifiees/{revision.pk}/")
    assert page.get_by_text("Tram T2, arrêt Chamars").first.is_visible()
    assert axe_violations(page) == []
    screenshot(page, "moderation-diff-1280", issue=14)
    context.close()
