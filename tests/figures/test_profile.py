"""The pupil's two optional questions: saved, changed, withdrawn, erased by anonymisation."""

import pytest
from django.urls import reverse

from placements.anonymise import close_pupil_account
from placements.models import PupilProfile
from tests.placements.factories import enrolled_pupil
from tests.sessions import log_in

pytestmark = pytest.mark.django_db
URL = reverse("placements:profile")


def test_the_pupil_answers_changes_and_withdraws(client):
    pupil = enrolled_pupil()
    log_in(client, pupil)
    page = client.get(URL).content.decode()
    assert "Je ne souhaite pas répondre" in page

    response = client.post(URL, {"gender": "fille", "needs_accessible_place": "oui"})
    assert response.status_code == 302
    profile = PupilProfile.objects.get(pupil=pupil)
    assert (profile.gender, profile.needs_accessible_place) == ("fille", True)

    client.post(URL, {"gender": "non_dit", "needs_accessible_place": "non"})
    profile.refresh_from_db()
    assert (profile.gender, profile.needs_accessible_place) == ("non_dit", False)

    client.post(URL, {"gender": "", "needs_accessible_place": ""})
    assert not PupilProfile.objects.filter(pupil=pupil).exists()


def test_a_wrong_answer_is_a_french_message(client):
    log_in(client, enrolled_pupil())
    response = client.post(URL, {"gender": "autre"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_anonymisation_erases_the_answers(client):
    pupil = enrolled_pupil()
    PupilProfile.objects.create(pupil=pupil, gender="garcon", needs_accessible_place=True)
    close_pupil_account(pupil)
    assert not PupilProfile.objects.filter(pupil=pupil).exists()


def test_the_privacy_page_explains_them(client):
    page = client.get(reverse("privacy")).content.decode()
    assert 'id="questions-facultatives"' in page
