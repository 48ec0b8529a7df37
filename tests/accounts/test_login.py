import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import (
    EmployerFactory,
    ModeratorFactory,
    PupilFactory,
    SchoolFactory,
    TeacherFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_after_each_request")]

PASSWORD = "motdepasse-solide-42"  # the factories' password


def login(client, email, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


def link_path(body):
    """The path of the first link in an e-mail body."""
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
        "account_reset_password_from_key_done",
    ],
)
def test_allauth_public_pages_open_logged_out_in_french(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Aller au contenu" in content  # rendered inside our layout
    assert "<h1>" in content


def test_login_page_is_french_with_labels(client):
    content = client.get(reverse("account_login")).content.decode()
    assert "<title>" in content and "Connexion" in content
    assert '<label for="id_login">' in content
    assert '<label for="id_password">' in content
    assert 'class="button"' in content
    assert "Mot de passe oublié ?" in content


def test_signup_then_email_verification_is_required_before_login(client):
    school = SchoolFactory()
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Noé",
            "last_name": "Roy",
            "role": "pupil",
            "school": school.pk,
            "email": "noe@exemple.fr",
            "password1": "Grenouille-du-Doubs-2025",
            "password2": "Grenouille-du-Doubs-2025",
        },
    )
    assert "_auth_user_id" not in client.session

    response = login(client, "noe@exemple.fr", "Grenouille-du-Doubs-2025")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    path = link_path(mail.outbox[-1].body)
    assert client.get(path).status_code == 200
    client.post(path)

    client.logout()
    response = login(client, "noe@exemple.fr", "Grenouille-du-Doubs-2025")
    assert response["Location"] == reverse("placements:mine")
    assert "_auth_user_id" in client.session


def test_wrong_password_is_refused_in_french(client):
    user = UserFactory()
    response = login(client, user.email, "pas-le-bon")
    assert response.status_code == 200
    assert "incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        response = login(client, user.email, "pas-le-bon")
        assert response.status_code == 200
    response = login(client, user.email)  # even the right password, now
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


def test_password_reset_sends_a_french_email(client):
    user = UserFactory(email="camille@exemple.fr")
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response["Location"] == reverse("account_reset_password_done")
    (message,) = mail.outbox
    assert message.to == ["camille@exemple.fr"]
    assert message.subject == "[Stages BFC] E-mail de réinitialisation de mot de passe"
    assert message.body.startswith("Bonjour,")
    assert "réinitialiser votre mot de passe" in message.body
    assert "L'équipe Stages BFC" in message.body

    # The link leads to a form that sets the new password.
    response = client.get(link_path(message.body))
    form_url = response["Location"]
    response = client.post(
        form_url, {"password1": "Nouveau-mot-de-passe-25", "password2": "Nouveau-mot-de-passe-25"}
    )
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password("Nouveau-mot-de-passe-25")


def test_password_reset_rate_limit(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": user.email})
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_employer_without_organisation_goes_to_create_it(client):
    user = UserFactory()
    assert login(client, user.email)["Location"] == reverse("organisations:create")


def test_employer_with_organisation_goes_to_dashboard(client):
    user = EmployerFactory()
    assert login(client, user.email)["Location"] == reverse("offers:dashboard")


@pytest.mark.parametrize(
    ("factory", "page"),
    [(TeacherFactory, "placements:classes"), (PupilFactory, "placements:mine")],
)
def test_teachers_and_pupils_land_on_their_page(client, factory, page):
    user = factory()
    assert login(client, user.email)["Location"] == reverse(page)


def test_next_parameter_wins_over_role_redirect(client):
    user = EmployerFactory()
    response = login(client, user.email, next=reverse("accounts:delete"))
    assert response["Location"] == reverse("accounts:delete")


def test_moderator_logs_in_with_totp_code_then_lands_on_moderation(client):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    moderator = ModeratorFactory()
    response = login(client, moderator.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    page = client.get(reverse("mfa_authenticate"))
    assert "Authentification à deux facteurs" in page.content.decode()

    code = format_hotp_value(hotp_value(moderator.totp_secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == reverse("offers:moderation_queue")
    assert client.session["_auth_user_id"] == str(moderator.pk)
