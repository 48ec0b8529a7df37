"""Organisations: the SIRET, creating, viewing and editing one (and what its edits send)."""

import pytest
from django.urls import reverse

from offers.models import Offer, Public, State
from organisations.forms import OrganisationForm
from organisations.models import Membership, Organisation
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
