"""Every allauth page renders in our layout, in French, without unknown template variables."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.accounts.test_mfa import totp_code
from tests.factories import ModeratorFactory, UserFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def secured_client(client):
    moderator = ModeratorFactory()
    RecoveryCodes.activate(moderator)
    log_in(client, moderator)
    # Someone with TOTP confirms with a code (accounts.adapter), never the password alone.
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(moderator.totp_secret)})
    return client


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("account_email", "Adresses e-mail"),
        ("account_change_password", "Modifier le mot de passe"),
        ("account_logout", "Se déconnecter"),
        ("mfa_index", "Codes de récupération"),
        ("mfa_deactivate_totp", "Désactiver"),
        ("mfa_view_recovery_codes", "Codes de récupération"),
        ("mfa_generate_recovery_codes", "Codes de récupération"),
        ("accounts:delete", "Supprimer mon compte"),
    ],
)
def test_manage_pages(secured_client, name, text):
    response = secured_client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Aller au contenu" in content
    assert text in content


def test_email_page_links_the_account_pages(client):
    client.force_login(UserFactory())
    content = client.get(reverse("account_email")).content.decode()
    for name in ("account_change_password", "mfa_index", "accounts:delete"):
        assert f'href="{reverse(name)}"' in content


def test_invalid_confirmation_link(client):
    response = client.get(reverse("account_confirm_email", args=["nimportequoi"]))
    assert response.status_code == 200
    assert "Confirmer l" in response.content.decode()


def test_invalid_password_reset_link(client):
    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
    )
    assert response.status_code == 200
    assert "Mauvais jeton" in response.content.decode()
