import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.middleware import MFA_REQUIRED_MESSAGE
from accounts.models import User
from tests.factories import EmployerFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"  # the factories' password


@pytest.fixture
def moderator_without_totp(client):
    moderator = ModeratorFactory(totp=False)
    client.force_login(moderator)
    return moderator


def reauthenticate(client):
    """allauth asks for the password again before a second factor is added."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_factory_moderators_have_totp_unless_told_otherwise():
    assert Authenticator.objects.filter(
        user=ModeratorFactory(), type=Authenticator.Type.TOTP
    ).exists()
    assert not Authenticator.objects.filter(user=ModeratorFactory(totp=False)).exists()


def test_moderator_without_totp_is_sent_to_activation(client, moderator_without_totp):
    response = client.get(reverse("offers:moderation_queue"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert MFA_REQUIRED_MESSAGE in [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "account_reauthenticate",
        "account_email",
        "account_change_password",
        "account_logout",
        "home",
        "legal",
    ],
)
def test_moderator_without_totp_keeps_account_and_public_pages(
    client, moderator_without_totp, name
):
    assert client.get(reverse(name)).status_code == 200


def test_activation_page_is_french_and_shows_the_qr_code(client, moderator_without_totp):
    reauthenticate(client)
    content = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Activer l'application d'authentification" in content
    assert 'class="qr-code"' in content
    assert 'class="button"' in content


def test_moderator_can_log_out(client, moderator_without_totp):
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_moderator_with_totp_passes(client):
    client.force_login(ModeratorFactory())
    assert client.get(reverse("accounts:delete")).status_code == 200


def test_whole_activation_after_login(client):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    moderator = ModeratorFactory(totp=False)
    response = client.post(
        reverse("account_login"), {"login": moderator.email, "password": PASSWORD}, follow=True
    )
    # Login → moderation queue → activation → password asked again (allauth's rule).
    assert [url for url, _ in response.redirect_chain][:2] == [
        reverse("offers:moderation_queue"),
        reverse("mfa_activate_totp"),
    ]
    content = response.content.decode()
    assert MFA_REQUIRED_MESSAGE.replace("'", "&#x27;") in content
    assert '<label for="id_password">' in content

    reauthenticate(client)
    response = client.get(reverse("mfa_activate_totp"))
    secret = response.context["form"].secret
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code}, follow=True)
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    assert response.status_code == 200
    assert client.get(reverse("accounts:delete")).status_code == 200


@pytest.mark.parametrize(
    "attrs",
    [
        {"role": User.Role.ADMIN},
        {"is_staff": True},
        {"is_superuser": True, "is_staff": True},
    ],
)
def test_admins_and_staff_need_totp_too(client, attrs):
    client.force_login(UserFactory(**attrs))
    response = client.get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("factory", [EmployerFactory, UserFactory])
def test_other_roles_are_not_affected(client, factory):
    client.force_login(factory())
    assert client.get(reverse("accounts:delete")).status_code == 200


def test_activating_totp_lifts_the_redirect(client, moderator_without_totp):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    assert client.get(reverse("accounts:delete")).status_code == 302
    TOTP.activate(moderator_without_totp, generate_totp_secret())
    assert client.get(reverse("accounts:delete")).status_code == 200
