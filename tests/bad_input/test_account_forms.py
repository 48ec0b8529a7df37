"""The invitation and signup forms."""

import pytest
from django.urls import reverse

from accounts.models import User
from organisations.models import Invitation
from tests.bad_input.checks import (
    HUGE,
    NUL,
    PASSWORD,
    REQUIRED,
    SCRIPT,
    assert_refused,
    too_long,
)
from tests.factories import (
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


# --- The invitation form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", REQUIRED),
        ("pas-une-adresse", "Saisissez une adresse de courriel valide."),
        (f"{SCRIPT}@exemple.fr", "Saisissez une adresse de courriel valide."),
        ("a" * 244 + "@exemple.fr", too_long(254, 255)),
        ("a" * (HUGE - 11) + "@exemple.fr", too_long(254, HUGE)),
        ("lou\x00@exemple.fr", NUL),
    ],
)
def test_invitation_bad_email(employer_client, email, message):
    response = employer_client.post(reverse("organisations:detail"), {"email": email})
    assert_refused(response, "id_email", message, typed=email or None)
    assert not Invitation.objects.exists()


def test_invitation_of_a_member(employer_client, employer):
    response = employer_client.post(reverse("organisations:detail"), {"email": employer.email})
    assert_refused(response, "id_email", "Cette personne fait déjà partie de votre structure.")
    assert not Invitation.objects.exists()


# --- The signup form -----------------------------------------------------------------------


def signup_data(**overrides):
    return {
        "first_name": "Lou",
        "last_name": "Bernard",
        "role": "employer",
        "school": "",
        "email": "lou.bernard@exemple.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides


def test_signup_empty_submission(client):
    response = client.post(reverse("account_signup"), {name: "" for name in signup_data()})
    for field in ("first_name", "last_name", "role", "email", "password1"):
        assert_refused(response, f"id_{field}", REQUIRED)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": "L" * 151}, "first_name", too_long(150)),
        ({"last_name": "B" * HUGE}, "last_name", too_long(150, HUGE)),
        ({"email": "a" * 244 + "@exemple.fr"}, "email", too_long(254, 255)),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse de courriel valide."),
        ({"first_name": "L\x00u"}, "first_name", NUL),
        ({"last_name": "\x00"}, "last_name", NUL),
        ({"email": "lou\x00@exemple.fr"}, "email", NUL),
        (
            {"password1": "Gre\x00nouille-2025", "password2": "Gre\x00nouille-2025"},
            "password1",
            NUL,
        ),
        (
            {"role": "moderator"},
            "role",
            "Sélectionnez un choix valide. moderator n’en fait pas partie.",
        ),
        ({"role": "pupil"}, "school", "Choisissez votre établissement scolaire."),
        (
            {"role": "pupil", "school": "ZZZ"},
            "school",
            "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.",
        ),
        ({"role": "pupil", "school": "\x00"}, "school", NUL),
    ],
)
def test_signup_bad_input(client, overrides, field, message):
    SchoolFactory()
    data = signup_data(**overrides)
    response = client.post(reverse("account_signup"), data)
    typed = data[field] if field in ("first_name", "last_name", "email") else None
    assert_refused(response, f"id_{field}", message, typed=typed)
    assert not User.objects.exists()


def test_signup_script_in_names_is_stored_as_text(client):
    response = client.post(reverse("account_signup"), signup_data(first_name=SCRIPT))
    assert response.status_code == 302
    assert User.objects.get().first_name == SCRIPT
