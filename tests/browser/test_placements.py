"""The whole loop in a real browser: a teacher creates a class, a pupil joins it and applies
from the search, the employer accepts, the pupil confirms, the teacher's table and CSV show
the placement. axe checks every page; the teacher's table is photographed on a phone and on a
desktop (teacher-table-375.png, teacher-table-1280.png; see the screenshot fixture)."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from offers.models import State
from placements.models import Application, AppState
from tests.factories import EmployerFactory, OfferFactory, PupilFactory, TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _context(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def _open_offer_as_a_pupil_would(page, offer):
    """Through the search page when it exists, else from the offer's public URL."""
    try:
        search_url = reverse("search:offers")
    except NoReverseMatch:
        search_url = None
    if search_url:
        page.goto(f"{search_url}?q=boulanger")
        link = page.get_by_role("link", name=offer.title).first
        if link.count():
            link.click()
            page.wait_for_url(re.compile(rf"/offres/{offer.pk}/$"))
            return
    page.goto(offer.get_absolute_url())


def test_the_whole_loop(browser, live_server, axe_violations, screenshot):
    offer = OfferFactory(state=State.PUBLISHED)
    employer = EmployerFactory(organisation=offer.organisation)
    teacher = TeacherFactory(first_name="Anne", last_name="Mougin")
    pupil = PupilFactory(school=teacher.school, first_name="Émilie", last_name="Régnier")

    # 1. The teacher creates a class and gets its code.
    teacher_context = _context(browser, live_server, teacher)
    teacher_page = teacher_context.new_page()
    teacher_page.goto("/classes/")
    assert axe_violations(teacher_page) == []
    teacher_page.get_by_label("Nom de la classe").fill("2de C")
    teacher_page.get_by_role("button", name="Créer la classe").click()
    assert teacher_page.locator("h1").inner_text().startswith("Classe 2de C")
    join_code = teacher_page.locator(".join-code").inner_text()
    assert axe_violations(teacher_page) == []

    # 2. The pupil joins the class, finds the offer and applies.
    pupil_context = _context(browser, live_server, pupil)
    pupil_page = pupil_context.new_page()
    pupil_page.goto("/eleve/classe/")
    assert axe_violations(pupil_page) == []
    pupil_page.get_by_label("Code de la classe").fill(join_code.lower())
    pupil_page.get_by_role("button", name="Rejoindre la classe").click()
    assert "Vous avez rejoint la classe 2de C" in pupil_page.locator(".messages").inner_text()
    _open_offer_as_a_pupil_would(pupil_page, offer)
    assert axe_violations(pupil_page) == []
    pupil_page.get_by_role("link", name="Postuler").click()
    assert axe_violations(pupil_page) == []
    pupil_page.get_by_role("radio").first.check()
    pupil_page.get_by_label("Votre motivation (facultatif)").fill("J'aime le pain au levain.")
    pupil_page.get_by_role("button", name="Envoyer ma candidature").click()
    assert "Candidature envoyée" in pupil_page.locator(".messages").inner_text()
    assert "En attente de réponse" in pupil_page.content()
    assert axe_violations(pupil_page) == []

    # 3. The employer sees only what they need, and accepts.
    employer_context = _context(browser, live_server, employer)
    employer_page = employer_context.new_page()
    employer_page.goto(reverse("offers:manage", args=[offer.pk]))
    employer_page.get_by_role("link", name="Voir les candidatures des élèves").click()
    body = employer_page.locator("main").inner_text()
    assert "Émilie R." in body and "Régnier" not in body and "2de C" in body
    assert axe_violations(employer_page) == []
    employer_page.get_by_label("Message à l'élève (facultatif)").fill("À lundi, 8 h !")
    employer_page.get_by_role("button", name="Accepter").click()
    assert "Candidature acceptée" in employer_page.locator(".messages").inner_text()
    assert axe_violations(employer_page) == []

    # 4. The pupil confirms.
    pupil_page.goto(reverse("placements:mine"))
    assert "À lundi, 8 h !" in pupil_page.content()
    assert axe_violations(pupil_page) == []
    pupil_page.get_by_role("button", name=re.compile("Confirmer ce stage")).click()
    assert "Stage confirmé !" in pupil_page.locator(".messages").inner_text()
    assert Application.objects.get(pupil=pupil).state == AppState.CONFIRMED

    # 5. The teacher's table shows the placement, on a phone and on a desktop; so does the CSV.
    for width in (375, 1280):
        teacher_page.set_viewport_size({"width": width, "height": 900})
        teacher_page.reload()
        table = teacher_page.locator("table.class-table")
        assert "Stage confirmé sur Stages BFC" in table.inner_text()
        assert offer.organisation.name in table.inner_text()
        assert axe_violations(teacher_page) == []
        screenshot(teacher_page, f"teacher-table-{width}")
    teacher_page.get_by_role("link", name="Afficher seulement les élèves sans stage").click()
    assert "Régnier" not in teacher_page.locator("table.class-table").inner_text()
    assert axe_violations(teacher_page) == []

    csv_link = teacher_page.get_by_role("link", name="Exporter en CSV (Excel)")
    response = teacher_context.request.get(csv_link.get_attribute("href"))
    assert response.ok
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:3] == ["Régnier", "Émilie", "Stage confirmé sur Stages BFC"]
    assert rows[1][4] == offer.organisation.name

    for context in (teacher_context, pupil_context, employer_context):
        context.close()
