"""Pupils and employers through their pages: bad input gets a clear French message."""

import html

import pytest
from django.urls import reverse

from offers.models import State as OfferState
from placements.models import Application, AppState, Enrolment, ExternalPlacement
from reference.periods import seconde_period
from tests.factories import EmployerFactory, OfferFactory

from .factories import ApplicationFactory, SchoolClassFactory, enrolled_pupil, this_school_year

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def offer():
    return OfferFactory(state=OfferState.PUBLISHED)


@pytest.fixture
def pupil_client(client):
    pupil = enrolled_pupil(first_name="Zoé", last_name="Cuenot")
    client.force_login(pupil)
    client.pupil = pupil
    return client


def test_apply_from_the_offer_page(pupil_client, offer):
    page = text(pupil_client.get(reverse("offers:detail", args=[offer.pk])))
    assert reverse("placements:apply", args=[offer.pk]) in page

    url = reverse("placements:apply", args=[offer.pk])
    period = offer.periods.get()
    response = pupil_client.post(url, {"period": period.pk, "motivation": "J'adore cuisiner."})

    assert response.status_code == 302
    application = Application.objects.get(pupil=pupil_client.pupil)
    assert (application.period, application.state) == (period, AppState.SUBMITTED)
    assert "Découverte du métier de boulanger" in text(pupil_client.get(reverse("placements:mine")))


def test_applying_twice_is_refused_with_a_message(pupil_client, offer):
    url = reverse("placements:apply", args=[offer.pk])
    pupil_client.post(url, {"period": offer.periods.get().pk})
    response = pupil_client.post(url, {"period": offer.periods.get().pk})
    assert response.status_code == 400
    assert "Vous avez déjà candidaté : en attente de réponse" in text(response)
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (OfferState.FILLED, "Cette offre est complète"),
        (OfferState.EXPIRED, "Les dates de cette offre sont passées"),
    ],
)
def test_applying_to_an_offline_offer_says_why(pupil_client, state, message):
    offer = OfferFactory(state=state)
    response = pupil_client.post(
        reverse("placements:apply", args=[offer.pk]), {"period": offer.periods.get().pk}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not Application.objects.exists()


def test_unpublished_offer_is_a_404(pupil_client):
    offer = OfferFactory(state=OfferState.DRAFT)
    assert pupil_client.get(reverse("placements:apply", args=[offer.pk])).status_code == 404


def test_a_period_without_place_is_not_offered_and_refused(pupil_client, offer):
    (week1, end1), (week2, end2) = seconde_period(this_school_year()).working_weeks
    offer.periods.all().delete()
    full = offer.periods.create(start=week1, end=end1, places=2)
    free = offer.periods.create(start=week2, end=end2, places=1)
    ApplicationFactory(offer=offer, period=full, state=AppState.CONFIRMED)
    ApplicationFactory(offer=offer, period=full, state=AppState.ACCEPTED)
    url = reverse("placements:apply", args=[offer.pk])

    page = text(pupil_client.get(url))
    assert f'value="{free.pk}"' in page and f'value="{full.pk}"' not in page

    response = pupil_client.post(url, {"period": full.pk})
    assert response.status_code == 400
    assert "Il n'y a plus de place sur cette période : choisissez-en une autre." in text(response)


def test_pupil_without_class_is_sent_to_join_then_back(client, offer):
    from tests.factories import PupilFactory

    school_class = SchoolClassFactory()
    pupil = PupilFactory(school=school_class.school)
    client.force_login(pupil)
    response = client.get(reverse("placements:apply", args=[offer.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("placements:join"))

    wrong = client.post(response.url, {"code": "ZZZZZZ"})
    assert wrong.status_code == 400
    assert "Ce code de classe n'existe pas" in text(wrong)

    right = client.post(response.url, {"code": school_class.join_code.lower()})
    assert right.status_code == 302
    assert right.url == reverse("placements:apply", args=[offer.pk])
    assert Enrolment.objects.filter(pupil=pupil, school_class=school_class).exists()


def test_employer_sees_only_first_name_initial_class_school_and_motivation(client, offer):
    application = ApplicationFactory(offer=offer, pupil=enrolled_pupil(last_name="Vuillemin"))
    client.force_login(EmployerFactory(organisation=offer.organisation))

    page = text(client.get(reverse("placements:offer_applications", args=[offer.pk])))

    assert "Camille V." in page
    assert application.school_class.name in page
    assert application.school_class.school.name in page
    assert "J'aime le pain" in page
    assert "Vuillemin" not in page
    assert application.pupil.email not in page


def test_employer_accepts_then_pupil_confirms(client, offer):
    application = ApplicationFactory(offer=offer)
    client.force_login(EmployerFactory(organisation=offer.organisation))
    response = client.post(
        reverse("placements:employer_action", args=[application.pk, "accept"]),
        {"message": "Rendez-vous à 8 h."},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.answer) == (AppState.ACCEPTED, "Rendez-vous à 8 h.")

    again = client.post(
        reverse("placements:employer_action", args=[application.pk, "decline"]), follow=True
    )
    assert "n'attend plus de réponse" in text(again)

    client.force_login(application.pupil)
    client.post(reverse("placements:pupil_action", args=[application.pk, "confirm"]))
    application.refresh_from_db()
    assert application.state == AppState.CONFIRMED


def test_cancel_without_reason_is_refused(client):
    application = ApplicationFactory(state=AppState.CONFIRMED)
    client.force_login(application.pupil)
    response = client.post(
        reverse("placements:pupil_action", args=[application.pk, "cancel"]), follow=True
    )
    assert "Indiquez le motif de l'annulation." in text(response)
    application.refresh_from_db()
    assert application.state == AppState.CONFIRMED


def test_external_placement(pupil_client):
    response = pupil_client.post(
        reverse("placements:external"),
        {"host_name": "Garage Roy", "commune": "Dole", "start": "2027-06-14", "end": "2027-06-11"},
    )
    assert response.status_code == 400
    assert "La fin du stage précède son début." in text(response)
    pupil_client.post(
        reverse("placements:external"),
        {"host_name": "Garage Roy", "commune": "Dole", "start": "2027-06-14", "end": "2027-06-25"},
    )
    assert ExternalPlacement.objects.get(pupil=pupil_client.pupil).host_name == "Garage Roy"
