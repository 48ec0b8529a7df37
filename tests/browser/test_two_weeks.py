"""The seconde stage with two hosts, in a real browser: a seconde pupil applies for week 1
at host A, host A accepts, the pupil confirms; then week 2 at host B, the same way; the
teacher's table then shows "2 semaines sur 2" with both placements. axe checks every page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from offers.models import Public, State
from placements.levels import Level
from placements.models import Application, AppState
from reference.periods import seconde_period
from tests.factories import (
    EmployerFactory,
    OfferFactory,
    OrganisationFactory,
    PupilFactory,
    SchoolFactory,
    TeacherFactory,
)
from tests.placements.factories import EnrolmentFactory, SchoolClassFactory, this_school_year

pytestmark = pytest.mark.django_db(transaction=True)


def _context(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def _week_offer(host_name, title, week):
    organisation = OrganisationFactory(name=host_name)
    offer = OfferFactory(
        organisation=organisation,
        title=title,
        state=State.PUBLISHED,
        publics=[Public.SECONDE],
        periods=[(*week, 2)],
    )
    return offer, EmployerFactory(organisation=organisation)


def _apply(page, offer, axe_violations):
    page.goto(offer.get_absolute_url())
    assert axe_violations(page) == []
    page.get_by_role("link", name="Postuler").click()
    assert axe_violations(page) == []
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Envoyer ma candidature").click()
    assert "Candidature envoyée" in page.locator(".messages").inner_text()
    assert axe_violations(page) == []


def _accept(page, offer, axe_violations):
    page.goto(reverse("offers:manage", args=[offer.pk]))
    page.get_by_role("link", name="Voir les candidatures des élèves").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Accepter").click()
    assert "Candidature acceptée" in page.locator(".messages").inner_text()
    assert axe_violations(page) == []


def _confirm(page, axe_violations):
    page.goto(reverse("placements:mine"))
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("Confirmer ce stage")).click()
    assert "Stage confirmé !" in page.locator(".messages").inner_text()
    assert axe_violations(page) == []


def test_week_1_at_host_a_and_week_2_at_host_b_make_two_weeks_of_two(
    browser, live_server, axe_violations
):
    week_1, week_2 = seconde_period(this_school_year()).working_weeks
    offer_a, member_a = _week_offer("Fromagerie Bourgeois", "Fromagerie : du lait au comté", week_1)
    offer_b, member_b = _week_offer("Librairie Grangier", "Libraire d'un jour", week_2)
    school = SchoolFactory(name="Lycée Carnot")
    teacher = TeacherFactory(school=school)
    school_class = SchoolClassFactory(
        school=school, name="2de A", level=Level.SECONDE, teachers=[teacher]
    )
    pupil = PupilFactory(school=school, first_name="Inès", last_name="Bouvier")
    EnrolmentFactory(school_class=school_class, pupil=pupil)

    pupil_context = _context(browser, live_server, pupil)
    pupil_page = pupil_context.new_page()
    employer_contexts = [_context(browser, live_server, m) for m in (member_a, member_b)]

    # Week 1 at host A: applied, accepted, confirmed.
    _apply(pupil_page, offer_a, axe_violations)
    _accept(employer_contexts[0].new_page(), offer_a, axe_violations)
    _confirm(pupil_page, axe_violations)
    # The pupil still may apply for week 2: the offer page offers it, at another host.
    pupil_page.goto(offer_b.get_absolute_url())
    assert pupil_page.get_by_role("link", name="Postuler").count() == 1
    # Week 2 at host B: applied, accepted, confirmed; week 1 is kept.
    _apply(pupil_page, offer_b, axe_violations)
    _accept(employer_contexts[1].new_page(), offer_b, axe_violations)
    _confirm(pupil_page, axe_violations)
    assert sorted(Application.objects.filter(pupil=pupil).values_list("state", flat=True)) == [
        AppState.CONFIRMED,
        AppState.CONFIRMED,
    ]

    teacher_context = _context(browser, live_server, teacher)
    teacher_page = teacher_context.new_page()
    teacher_page.goto(reverse("placements:class_detail", args=[school_class.pk]))
    row = teacher_page.locator("table.class-table tr", has_text="Bouvier")
    assert "2 semaines sur 2" in row.inner_text()
    assert "Fromagerie Bourgeois" in row.inner_text()
    assert "Librairie Grangier" in row.inner_text()
    assert axe_violations(teacher_page) == []
    # Complete: not among the pupils without a stage.
    teacher_page.get_by_role("link", name="Afficher seulement les élèves sans stage").click()
    assert "Bouvier" not in teacher_page.locator("main").inner_text()
    assert axe_violations(teacher_page) == []

    for context in (pupil_context, teacher_context, *employer_contexts):
        context.close()
