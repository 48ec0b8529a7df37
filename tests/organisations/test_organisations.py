import datetime
import html
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from offers.models import Offer, Public, State
from organisations import services
from organisations.forms import InvitationForm, OrganisationForm
from organisations.models import Invitation, Membership, Organisation
from sync_1j1s import services as sync_services
from sync_1j1s.models import SyncIntent
from tests.factories import (
    CommuneFactory,
    EmployerFactory,
    OfferFactory,
    OrganisationFactory,
    PupilFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"


def organisation_data(**overrides):
    return {
        "name": "Fromagerie du Haut-Doubs",
        "siret": VALID_SIRET,
        "host_type": "company",
        "street": "3 route de Pontarlier",
        "commune": "besancon",
        "description": "Fabrication de comté.",
        "website": "",
    } | overrides


@pytest.fixture
def besancon(db):
    return CommuneFactory()


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        (
            "73282932000075",
            "Ce numéro SIRET n'existe pas : vérifiez-le sur votre avis de situation INSEE.",
        ),
        ("7328293200007A", "Le SIRET compte exactement 14 chiffres."),
        ("7328293200007", "Le SIRET compte exactement 14 chiffres."),
    ],
)
def test_siret_validation_messages(besancon, siret, message):
    form = OrganisationForm(organisation_data(siret=siret))
    assert not form.is_valid()
    assert form.errors["siret"] == [message]


def test_siret_with_spaces_is_accepted(besancon):
    form = OrganisationForm(organisation_data(siret="732 829 320 00074"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["siret"] == VALID_SIRET


def test_siret_already_registered(besancon):
    OrganisationFactory(siret=VALID_SIRET)
    form = OrganisationForm(organisation_data())
    assert not form.is_valid()
    assert "déjà inscrite" in form.errors["siret"][0]


def test_creating_an_organisation_makes_the_user_a_member(client, besancon):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("organisations:create"), organisation_data())
    assert response.status_code == 302 and response.url == reverse("offers:dashboard")
    organisation = Organisation.objects.get()
    assert organisation.commune == besancon
    assert Membership.objects.get(user=user).organisation == organisation


def test_create_form_errors_are_shown_beside_fields_and_summarised(client, besancon):
    client.force_login(UserFactory())
    response = client.post(reverse("organisations:create"), organisation_data(siret="123"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_siret"' in content
    assert content.count("Le SIRET compte exactement 14 chiffres.") == 2
    assert 'value="Fromagerie du Haut-Doubs"' in content


def test_member_cannot_create_a_second_organisation(client):
    employer = EmployerFactory()
    client.force_login(employer)
    response = client.get(reverse("organisations:create"))
    assert response.url == reverse("organisations:detail")


def test_pupil_cannot_create_an_organisation(client):
    client.force_login(PupilFactory())
    assert client.get(reverse("organisations:create")).status_code == 403


def test_detail_shows_own_organisation_and_members(client):
    employer = EmployerFactory()
    colleague = EmployerFactory(organisation=employer.membership.organisation)
    other = EmployerFactory()
    client.force_login(employer)
    content = client.get(reverse("organisations:detail")).content.decode()
    assert employer.membership.organisation.name in content
    assert colleague.email in content
    assert other.email not in content and other.membership.organisation.name not in content


def test_detail_without_organisation_redirects_to_create(client):
    client.force_login(UserFactory())
    assert client.get(reverse("organisations:detail")).url == reverse("organisations:create")


def test_edit_organisation(client):
    employer = EmployerFactory()
    client.force_login(employer)
    organisation = employer.membership.organisation
    page = client.get(reverse("organisations:edit"))
    assert page.context["form"]["commune"].value() == "Besançon (25)"
    data = organisation_data(siret=organisation.siret, name="Nouveau nom", commune="Besançon (25)")
    client.post(reverse("organisations:edit"), data)
    organisation.refresh_from_db()
    assert organisation.name == "Nouveau nom"


def _edit(client, organisation, **changes):
    data = organisation_data(
        siret=organisation.siret,
        name=organisation.name,
        host_type=organisation.host_type,
        street=organisation.street,
        commune="Besançon (25)",
        description=organisation.description,
        website=organisation.website,
    )
    return client.post(reverse("organisations:edit"), data | changes)


def test_editing_what_offers_show_sends_them_again(client, settings, tmp_path):
    settings.SYNC_FEED_DIR = tmp_path
    employer = EmployerFactory()
    organisation = employer.membership.organisation  # in Besançon, as the form's commune
    national = OfferFactory(organisation=organisation, state=State.PUBLISHED)
    feed_offer = OfferFactory(
        organisation=organisation, state=State.PUBLISHED, publics=[Public.POST_BAC]
    )
    draft = OfferFactory(organisation=organisation, state=State.DRAFT)
    other = OfferFactory(state=State.PUBLISHED)
    stamps = dict(Offer.objects.values_list("pk", "updated_at"))
    client.force_login(employer)
    etag = client.get(reverse("sync_1j1s:feed"))["ETag"]

    assert _edit(client, organisation, street="1 place du Marché").status_code == 302
    assert not SyncIntent.objects.exists()  # the address of the seat is not sent
    assert dict(Offer.objects.values_list("pk", "updated_at")) == stamps

    response = _edit(client, organisation, name="Fromagerie Nouvelle", website="https://f.fr")
    assert response.status_code == 302
    [intent] = SyncIntent.objects.pending()
    assert (intent.offer_id, intent.action) == (national.pk, "update")
    now = dict(Offer.objects.values_list("pk", "updated_at"))
    assert now[national.pk] > stamps[national.pk] and now[feed_offer.pk] > stamps[feed_offer.pk]
    assert now[draft.pk] == stamps[draft.pk] and now[other.pk] == stamps[other.pk]
    fresh = client.get(reverse("sync_1j1s:feed"), headers={"If-None-Match": etag})
    assert fresh.status_code == 200
    assert b"<nom>Fromagerie Nouvelle</nom>" in b"".join(fresh.streaming_content)

    _edit(client, organisation, name="Fromagerie Nouvelle", host_type="local_authority")
    assert SyncIntent.objects.pending().count() == 2  # is_public changes nationally


def test_admin_edit_sends_the_offers_again_too():
    from django.contrib.admin.sites import site

    offer = OfferFactory(state=State.PUBLISHED)
    organisation = Organisation.objects.get(pk=offer.organisation_id)
    organisation.description = "Nouvelle présentation."
    site._registry[Organisation].save_model(None, organisation, None, change=True)
    assert SyncIntent.objects.pending().get().offer_id == offer.pk
    assert Organisation.objects.get(pk=organisation.pk).description == "Nouvelle présentation."


def test_organisation_edit_and_its_sync_changes_are_one_transaction(client, monkeypatch):
    employer = EmployerFactory()
    organisation = employer.membership.organisation
    OfferFactory(organisation=organisation, state=State.PUBLISHED)

    def broken(offer, action):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(sync_services, "record_change", broken)
    client.force_login(employer)
    with pytest.raises(RuntimeError):
        _edit(client, organisation, name="Nom jamais enregistré")
    organisation.refresh_from_db()
    assert organisation.name != "Nom jamais enregistré"


# --- invitations ---


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
