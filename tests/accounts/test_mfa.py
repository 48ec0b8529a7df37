import time
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.middleware import MFA_REQUIRED_MESSAGE, SECOND_FACTOR_MISSING_MESSAGE
from accounts.models import User
from tests.factories import EmployerFactory, ModeratorFactory, UserFactory, activate_totp
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-solide-42"  # the factories' password


@pytest.fixture
def moderator_without_totp(client):
    moderator = ModeratorFactory(totp=False)
    client.force_login(moderator)
    return moderator


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


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
    log_in(client, ModeratorFactory())
    assert client.get(reverse("accounts:delete")).status_code == 200


# Activation records the passed second factor once its transaction commits: real commits.
@pytest.mark.django_db(transaction=True)
def test_whole_activation_after_login(client):
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
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)
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


@pytest.mark.django_db(transaction=True)
def test_activating_totp_lifts_the_redirect(client, moderator_without_totp):
    assert client.get(reverse("accounts:delete")).status_code == 302
    reauthenticate(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert client.get(reverse("accounts:delete")).status_code == 200


def test_totp_activated_elsewhere_ends_a_session_that_did_not_pass_it(
    client, moderator_without_totp
):
    activate_totp(moderator_without_totp)
    response = client.get(reverse("accounts:delete"))
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fcompte%2Fsupprimer%2F"
    assert "_auth_user_id" not in client.session
    assert SECOND_FACTOR_MISSING_MESSAGE in [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "name", ["mfa_deactivate_totp", "mfa_generate_recovery_codes", "mfa_view_recovery_codes"]
)
def test_turning_totp_off_or_changing_codes_asks_for_the_code_not_the_password(client, name):
    moderator = ModeratorFactory()
    RecoveryCodes.activate(moderator)
    log_in(client, moderator)
    url = reverse(name)
    reauthenticate_by_code = f"{reverse('mfa_reauthenticate')}?next={quote(url, safe='')}"

    assert client.get(url)["Location"] == reauthenticate_by_code
    # The password page now sends to the code's, and the password alone opens nothing.
    response = client.post(
        f"{reverse('account_reauthenticate')}?next={url}", {"password": PASSWORD}
    )
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert client.get(url)["Location"] == reauthenticate_by_code

    response = client.post(reauthenticate_by_code, {"code": totp_code(moderator.totp_secret)})
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_turning_totp_off_sends_staff_back_to_its_activation(client):
    moderator = ModeratorFactory()
    log_in(client, moderator)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(moderator.totp_secret)})
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()
    response = client.get(reverse("offers:moderation_queue"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_reauthentication_by_code_refuses_a_wrong_code(client):
    moderator = ModeratorFactory()
    log_in(client, moderator)
    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get(reverse("mfa_deactivate_totp")).status_code == 302


def test_without_totp_the_password_still_reauthenticates(client):
    client.force_login(EmployerFactory())
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not response["Location"].startswith(reverse("mfa_reauthenticate"))
