"""The offer page tells each visitor what they can do and why not, before any form; logged
out, "Postuler" leads to both ways in, each coming back to the offer."""

import html
import re

import pytest
from django.urls import reverse

from offers.models import Public
from offers.models import State as OfferState
from placements.classes import create_pupils
from placements.levels import Level
from reference.models import School
from reference.periods import seconde_period
from tests.factories import EmployerFactory, OfferFactory, SchoolFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil, this_school_year

pytestmark = pytest.mark.django_db

(WEEK1, FRIDAY1), (WEEK2, FRIDAY2) = seconde_period(this_school_year()).working_weeks


def page(client, offer):
    content = html.unescape(client.get(reverse("offers:detail", args=[offer.pk])).content.decode())
    return " ".join(re.sub(r"<[^>]+>", " ", content).split())


@pytest.fixture
def seconde_offer():
    return OfferFactory(
        state=OfferState.PUBLISHED,
        publics=[Public.SECONDE],
        periods=[(WEEK1, FRIDAY1, 2), (WEEK2, FRIDAY2, 2)],
    )


def test_a_seconde_pupil_with_week_1_sees_only_week_2_open(client, seconde_offer):
    pupil = enrolled_pupil()
    other = OfferFactory(state=OfferState.PUBLISHED, periods=[(WEEK1, FRIDAY1, 1)])
    ApplicationFactory(pupil=pupil, offer=other, state="confirmed")
    client.force_login(pupil)

    text = page(client, seconde_offer)

    assert f"Vous pouvez candidater pour : du {WEEK2.day} au {FRIDAY2.day} juin" in text
    assert f"Vous avez déjà un stage la semaine du {WEEK1.day} juin" in text
    assert (
        reverse("placements:apply", args=[seconde_offer.pk])
        in client.get(reverse("offers:detail", args=[seconde_offer.pk])).content.decode()
    )


def test_a_3e_pupil_is_told_the_offer_is_for_seconde(client, seconde_offer):
    school_class = SchoolClassFactory(
        school=SchoolFactory(kind=School.Kind.COLLEGE), level=Level.TROISIEME
    )
    client.force_login(enrolled_pupil(school_class))
    text = page(client, seconde_offer)
    assert "Cette offre est réservée aux élèves de seconde générale et technologique" in text
    assert "Vous pouvez candidater" not in text
    response = client.post(
        reverse("placements:apply", args=[seconde_offer.pk]),
        {"period": seconde_offer.periods.first().pk},
    )
    assert response.status_code == 400  # a crafted POST gets the same answer


def test_a_pupil_who_applied_sees_it_instead_of_a_form(client, seconde_offer):
    pupil = enrolled_pupil()
    ApplicationFactory(pupil=pupil, offer=seconde_offer)
    client.force_login(pupil)
    text = page(client, seconde_offer)
    assert "Vous avez déjà candidaté : en attente de réponse" in text
    assert "Mes candidatures" in text


def test_teachers_and_employers_are_told_why_not_instead_of_a_403(client, seconde_offer):
    teacher = SchoolClassFactory().teachers.get()
    client.force_login(teacher)
    assert "partagez l'adresse de cette page avec vos élèves" in page(client, seconde_offer)
    client.force_login(EmployerFactory())
    text = page(client, seconde_offer)
    assert "Seuls les élèves peuvent candidater" in text
    assert "/postuler/" not in text


def test_logged_out_postuler_offers_both_ways_in_and_comes_back(client, seconde_offer):
    detail = reverse("offers:detail", args=[seconde_offer.pk])
    login_page = reverse("placements:offer_login", args=[seconde_offer.pk])
    assert login_page in client.get(detail).content.decode()

    content = html.unescape(client.get(login_page).content.decode())
    assert "Avec le code de votre classe" in content
    assert f"{reverse('account_login')}?next={detail}" in content.replace("%2F", "/")
    assert f'name="next" value="{detail}"' in content

    school_class = SchoolClassFactory()
    (issued,) = create_pupils(school_class, "Cuenot ; Zoé")
    response = client.post(
        reverse("placements:pupil_login"),
        {
            "class_code": school_class.join_code,
            "personal_code": issued.code,
            "next": detail,
        },
    )
    assert response.status_code == 302 and response.url == detail
    assert client.get(login_page).url == detail  # logged in: straight back to the offer


def test_the_ways_in_link_to_each_other_and_keep_next(client):
    email_login = html.unescape(
        client.get(reverse("account_login") + "?next=/offres/1/").content.decode()
    )
    assert f"{reverse('placements:pupil_login')}?next=" in email_login
    code_login = html.unescape(
        client.get(reverse("placements:pupil_login") + "?next=/offres/1/").content.decode()
    )
    assert f"{reverse('account_login')}?next=" in code_login


def test_next_elsewhere_is_ignored(client):
    school_class = SchoolClassFactory()
    (issued,) = create_pupils(school_class, "Cuenot ; Zoé")
    response = client.post(
        reverse("placements:pupil_login"),
        {
            "class_code": school_class.join_code,
            "personal_code": issued.code,
            "next": "https://ailleurs.example/",
        },
    )
    assert response.url == reverse("placements:mine")
