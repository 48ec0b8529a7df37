"""The host's sign-up: its entry chooses the role and hides the school list; confirming the
address logs in; an invitation link survives the sign-up and lands on the invitation."""

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organisations.models import Invitation, Membership
from organisations.services import invite
from tests.factories import EmployerFactory, OrganisationFactory, SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_after_each_request")]

PASSWORD = "Grenouille-du-Doubs-2025"
HOST_SIGNUP = reverse("account_signup") + "?profil=accueillant"


def host_data(**overrides):
    return {
        "first_name": "Lou",
        "last_name": "Bernard",
        "profil": "accueillant",
        "email": "lou.bernard@exemple.fr",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def link_in(message, path_start):
    return re.search(rf"https?://[^/\s]+({re.escape(path_start)}[^\s\"<>]*)", message.body)[1]


def test_the_host_entry_chooses_the_role_and_hides_the_school_list(client):
    SchoolFactory(name="Lycée Pasteur")

    page = html.unescape(client.get(HOST_SIGNUP).content.decode())

    assert 'name="role" value="employer"' in page
    assert 'type="radio"' not in page
    assert "Lycée Pasteur" not in page and "Établissement scolaire" not in page
    assert 'name="profil" value="accueillant"' in page
    # The generic entry still asks.
    generic = html.unescape(client.get(reverse("account_signup")).content.decode())
    assert "Je suis élève" in generic and "Lycée Pasteur" in generic


def test_the_home_page_links_to_the_host_entry(client):
    assert HOST_SIGNUP in html.unescape(client.get(reverse("home")).content.decode())


@pytest.mark.parametrize("role", ["", "teacher", "moderator"])
def test_a_host_signs_up_as_an_employer_whatever_the_hidden_role_says(client, role):
    response = client.post(HOST_SIGNUP, host_data(role=role))

    assert response.status_code == 302
    user = User.objects.get(email="lou.bernard@exemple.fr")
    assert (user.role, user.school) == (User.Role.EMPLOYER, None)


def _confirm_path(message):
    return re.search(r"https?://[^/\s]+(/compte/confirm-email/\S+)", message.body)[1]


def test_confirming_the_address_logs_the_host_in(client):
    client.post(HOST_SIGNUP, host_data())
    (confirmation,) = mail.outbox

    response = client.post(_confirm_path(confirmation))

    assert response.status_code == 302
    assert response.url == reverse("organisations:create")
    user = User.objects.get(email="lou.bernard@exemple.fr")
    assert client.session["_auth_user_id"] == str(user.pk)


def _invited(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Fromagerie du Haut-Doubs")
    inviter = EmployerFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(organisation, "lou.bernard@exemple.fr", inviter)
    (message,) = [m for m in mail.outbox if m.to == ["lou.bernard@exemple.fr"]]
    mail.outbox.clear()
    return invitation, message


def test_an_invitation_survives_the_sign_up_and_lands_on_the_invitation(
    client, django_capture_on_commit_callbacks
):
    invitation, message = _invited(django_capture_on_commit_callbacks)
    accept = reverse("organisations:accept", args=[invitation.token])
    signup = html.unescape(re.search(r"https?://[^/\s]+(/compte/signup/\S+)", message.body)[1])

    page = html.unescape(client.get(signup).content.decode())
    assert 'value="lou.bernard@exemple.fr"' in page  # the invited address, filled in
    assert "Établissement scolaire" not in page
    assert f'name="next" value="{accept}"' in page
    client.post(signup, {**host_data(), "next": accept})
    (confirmation,) = mail.outbox
    response = client.post(_confirm_path(confirmation))

    assert response.status_code == 302
    assert response.url == accept
    assert "Rejoindre la structure" in client.get(accept).content.decode()
    client.post(accept)
    assert Membership.objects.get(user__email="lou.bernard@exemple.fr").organisation_id == (
        invitation.organisation_id
    )


def test_confirmed_in_another_browser_the_invitation_still_comes_first(
    client, django_capture_on_commit_callbacks
):
    invitation, _ = _invited(django_capture_on_commit_callbacks)
    client.post(HOST_SIGNUP, host_data())
    (confirmation,) = mail.outbox
    Client().post(_confirm_path(confirmation))  # the phone's mail app: another session
    assert "_auth_user_id" not in client.session

    client.post(reverse("account_login"), {"login": "lou.bernard@exemple.fr", "password": PASSWORD})
    response = client.get(reverse("organisations:create"))

    assert response.status_code == 302
    assert response.url == reverse("organisations:accept", args=[invitation.token])
    # Who represents another host may still create its page.
    assert client.get(reverse("organisations:create") + "?sans-invitation").status_code == 200


def test_an_expired_or_used_invitation_does_not_redirect(client):
    organisation = OrganisationFactory()
    Invitation.objects.create(organisation=organisation, email="lou.bernard@exemple.fr")
    Invitation.objects.filter(email="lou.bernard@exemple.fr").update(created_at="2020-01-01T00:00Z")
    client.post(HOST_SIGNUP, host_data())
    client.post(_confirm_path(mail.outbox[0]))

    assert client.get(reverse("organisations:create")).status_code == 200
