"""Invitations to an organisation: sending, renewing, accepting and every refusal."""

import datetime
import html
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from organisations import services
from organisations.forms import InvitationForm
from organisations.models import Invitation, Membership
from tests.factories import (
    EmployerFactory,
    PupilFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def invite(client, employer, email, capture):
    client.force_login(employer)
    with capture(execute=True):
        return client.post(reverse("organisations:detail"), {"email": email})


def test_invitation_sends_a_french_email_with_the_link(client, django_capture_on_commit_callbacks):
    employer = EmployerFactory()
    response = invite(client, employer, "Nouvelle@Exemple.fr", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle@exemple.fr"
    assert invitation.invited_by == employer
    [message] = mail.outbox
    assert message.to == ["nouvelle@exemple.fr"]
    assert employer.membership.organisation.name in message.subject
    link = "https://stages.bfc.example" + reverse("organisations:accept", args=[invitation.token])
    assert link in message.body
    assert (
        message.alternatives[0].mimetype == "text/html" and link in message.alternatives[0].content
    )


def test_inviting_again_renews_the_pending_invitation(client, django_capture_on_commit_callbacks):
    employer = EmployerFactory()
    invite(client, employer, "a@exemple.fr", django_capture_on_commit_callbacks)
    first_token = Invitation.objects.get().token
    invite(client, employer, "a@exemple.fr", django_capture_on_commit_callbacks)
    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().token != first_token
    assert len(mail.outbox) == 2


def test_inviting_a_member_is_refused(client, django_capture_on_commit_callbacks):
    employer = EmployerFactory()
    colleague = EmployerFactory(organisation=employer.membership.organisation)
    response = invite(client, employer, colleague.email, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Cette personne fait déjà partie de votre structure."
    ]
    assert not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_double_submitted_invitation_renews_instead_of_failing():
    """Two submits of the same invitation at once: the second waits and renews the first."""
    employer = EmployerFactory()
    organisation = employer.membership.organisation
    first_done, errors = threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                services.invite(organisation, "double@exemple.fr", employer)
                first_done.set()
                time.sleep(0.5)  # the second request is now at work, and must wait for us
        finally:
            connection.close()

    def second():
        first_done.wait(5)
        try:
            services.invite(organisation, "double@exemple.fr", employer)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert Invitation.objects.filter(organisation=organisation).count() == 1


@pytest.fixture
def invitation():
    inviter = EmployerFactory()
    return Invitation.objects.create(
        organisation=inviter.membership.organisation, email="invitee@exemple.fr", invited_by=inviter
    )


def accept_url(invitation):
    return reverse("organisations:accept", args=[invitation.token])


def test_matching_verified_email_joins(client, invitation):
    user = UserFactory(email="invitee@exemple.fr")
    client.force_login(user)
    page = client.get(accept_url(invitation))
    assert "Rejoindre la structure" in html.unescape(page.content.decode())
    response = client.post(accept_url(invitation))
    assert response.url == reverse("offers:dashboard")
    assert user.membership.organisation == invitation.organisation
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_wrong_email_is_refused(client, invitation):
    client.force_login(UserFactory(email="autre@exemple.fr"))
    page = client.get(accept_url(invitation))
    assert "n'est pas une adresse confirmée de votre compte" in html.unescape(page.content.decode())
    assert client.post(accept_url(invitation)).status_code == 403
    assert not Membership.objects.filter(user__email="autre@exemple.fr").exists()


def test_unverified_email_is_refused(client, invitation):
    client.force_login(UserFactory(email="invitee@exemple.fr", verified=False))
    assert client.post(accept_url(invitation)).status_code == 403


def test_member_of_another_organisation_is_refused(client, invitation):
    user = EmployerFactory(email="invitee@exemple.fr")
    client.force_login(user)
    page = client.get(accept_url(invitation))
    assert "Un compte ne peut appartenir qu'à une seule structure" in html.unescape(
        page.content.decode()
    )
    client.post(accept_url(invitation))
    user.membership.refresh_from_db()
    assert user.membership.organisation != invitation.organisation


def test_already_member_of_the_same_organisation(client, invitation):
    user = EmployerFactory(email="invitee@exemple.fr", organisation=invitation.organisation)
    client.force_login(user)
    assert "Vous faites déjà partie" in html.unescape(
        client.get(accept_url(invitation)).content.decode()
    )


def test_used_token_is_refused(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    client.force_login(UserFactory(email="invitee@exemple.fr"))
    assert "déjà été utilisée" in html.unescape(client.get(accept_url(invitation)).content.decode())
    assert client.post(accept_url(invitation)).status_code == 403


def test_expired_invitation_is_refused(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    client.force_login(UserFactory(email="invitee@exemple.fr"))
    assert "a expiré" in html.unescape(client.get(accept_url(invitation)).content.decode())


def test_validity_texts_follow_the_validity(client, invitation, monkeypatch):
    monkeypatch.setattr(Invitation, "VALIDITY", datetime.timedelta(days=7))
    form = InvitationForm(organisation=invitation.organisation)
    assert form.fields["email"].help_text.endswith("valable 7 jours.")
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    client.force_login(UserFactory(email="invitee@exemple.fr"))
    page = html.unescape(client.get(accept_url(invitation)).content.decode())
    assert "a expiré (elle était valable 7 jours)" in page


def test_expired_invitations_are_not_listed_as_pending(client):
    employer = EmployerFactory()
    organisation = employer.membership.organisation
    for email, age in [("fraiche@exemple.fr", 13), ("perimee@exemple.fr", 15)]:
        made = Invitation.objects.create(organisation=organisation, email=email)
        Invitation.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=age)
        )
    client.force_login(employer)
    response = client.get(reverse("organisations:detail"))
    assert [i.email for i in response.context["invitations"]] == ["fraiche@exemple.fr"]
    assert "perimee@exemple.fr" not in response.content.decode()
    assert "lien valable jusqu" in html.unescape(response.content.decode())


def test_pupil_cannot_accept(client, invitation):
    client.force_login(PupilFactory(email="invitee@exemple.fr"))
    assert client.post(accept_url(invitation)).status_code == 403


def test_unknown_token_is_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("organisations:accept", args=["inconnu"])).status_code == 404


@pytest.mark.parametrize("token", ["a.b", "a%00b", "a%20b", "é"])
def test_a_token_token_urlsafe_cannot_make_is_not_routed(client, token):
    path = f"/espace/structure/invitation/{token}/"
    with pytest.raises(Resolver404):
        resolve(path)
    client.force_login(UserFactory())
    assert client.get(path).status_code == 404


def test_a_real_token_is_a_slug(invitation):
    assert resolve(accept_url(invitation)).kwargs == {"token": invitation.token}


def test_anonymous_is_sent_to_login_then_back(client, invitation):
    response = client.get(accept_url(invitation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=" in response.url
