"""A host's public texts (name, description, website) are moderated once one of its offers
has been approved: the edit waits in a revision, the public keeps the approved values."""

import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from offers.models import Offer, Public, State
from organisations import services
from organisations.models import Organisation, OrganisationRevision
from stages_bfc.revisions import RevisionStatus
from sync_1j1s.mapping import payload
from sync_1j1s.models import SyncIntent
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory
from tests.sessions import log_in

pytestmark = pytest.mark.django_db

PHISHING = "https://phishing.example/login"


def _edit(client, organisation, **changes):
    data = {
        "name": organisation.name,
        "siret": organisation.siret,
        "host_type": organisation.host_type,
        "street": organisation.street,
        "commune": "Besançon (25)",  # EmployerFactory's organisation is in Besançon
        "description": organisation.description,
        "website": organisation.website,
    }
    return client.post(reverse("organisations:edit"), data | changes)


@pytest.fixture
def host(client, settings, tmp_path):
    """A member's organisation with an approved offer pushed nationally and one in the feed."""
    settings.SYNC_FEED_DIR = tmp_path
    employer = EmployerFactory()
    organisation = employer.membership.organisation
    Organisation.objects.filter(pk=organisation.pk).update(
        name="Fromagerie du Haut-Doubs", website="https://fromagerie.fr"
    )
    organisation.refresh_from_db()
    national = OfferFactory(
        organisation=organisation, state=State.PUBLISHED, published_at=timezone.now()
    )
    feed = OfferFactory(
        organisation=organisation,
        state=State.PUBLISHED,
        published_at=timezone.now(),
        publics=[Public.POST_BAC],
    )
    client.force_login(employer)
    return {"employer": employer, "organisation": organisation, "national": national, "feed": feed}


def _public_page(client, offer):
    client.logout()
    return html.unescape(client.get(reverse("offers:detail", args=[offer.pk])).content.decode())


def _feed(client):
    response = client.get(reverse("sync_1j1s:feed"))
    return b"".join(response.streaming_content).decode()


def _national(offer):
    offer.refresh_from_db()
    return payload(offer, "seconde")


def test_phishing_website_waits_for_a_moderator(client, host):
    organisation, national, feed = host["organisation"], host["national"], host["feed"]

    response = _edit(client, organisation, name="Fromagerie Piégée", website=PHISHING)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.website) == (
        "Fromagerie du Haut-Doubs",
        "https://fromagerie.fr",
    )
    revision = OrganisationRevision.objects.get()
    assert revision.proposed == {"name": "Fromagerie Piégée", "website": PHISHING}
    assert revision.status == RevisionStatus.PENDING and revision.author == host["employer"]
    assert not SyncIntent.objects.exists()  # nothing new goes to the national platform
    assert PHISHING not in _national(national).values()
    assert _national(national)["employer_name"] == "Fromagerie du Haut-Doubs"
    page = _public_page(client, national)
    assert PHISHING not in page and "Fromagerie Piégée" not in page
    assert "Fromagerie du Haut-Doubs" in page
    feed_xml = _feed(client)
    assert PHISHING not in feed_xml and "Fromagerie Piégée" not in feed_xml
    assert "<nom>Fromagerie du Haut-Doubs</nom>" in feed_xml
    national.refresh_from_db()
    feed.refresh_from_db()
    assert national.state == feed.state == State.PUBLISHED


def test_the_member_sees_the_pending_revision_and_goes_on_from_it(client, host):
    _edit(client, host["organisation"], website=PHISHING)

    page = html.unescape(client.get(reverse("organisations:detail")).content.decode())
    assert "En attente de modération" in page and PHISHING in page
    form = client.get(reverse("organisations:edit")).context["form"]
    assert form["website"].value() == PHISHING

    # Typing the approved value back withdraws the proposal.
    _edit(client, host["organisation"], website="https://fromagerie.fr")
    assert not OrganisationRevision.objects.exists()


def test_other_fields_are_saved_at_once(client, host):
    _edit(client, host["organisation"], street="1 place du Marché", website=PHISHING)

    organisation = Organisation.objects.get(pk=host["organisation"].pk)
    assert organisation.street == "1 place du Marché"
    assert organisation.website == "https://fromagerie.fr"
    assert OrganisationRevision.objects.get().proposed == {"website": PHISHING}


def test_moderator_sees_the_diff_and_approves(client, host):
    _edit(client, host["organisation"], name="Fromagerie Nouvelle", website="https://f.fr")
    revision = OrganisationRevision.objects.get()
    log_in(client, ModeratorFactory())

    queue = html.unescape(client.get(reverse("offers:moderation_revisions")).content.decode())
    assert "Fromagerie du Haut-Doubs" in queue
    review = client.get(reverse("offers:moderation_revision", args=[revision.pk]))
    page = html.unescape(review.content.decode())
    changes = {(c.field, c.approved, c.proposed) for c in review.context["changes"]}
    assert changes == {
        ("name", "Fromagerie du Haut-Doubs", "Fromagerie Nouvelle"),
        ("website", "https://fromagerie.fr", "https://f.fr"),
    }
    assert "<del>https://fromagerie.fr</del>" in page and "<ins>https://f.fr</ins>" in page

    response = client.post(
        reverse("offers:moderation_revision", args=[revision.pk]),
        {"decision": "approve", "version": review.context["revision"].version},
    )

    assert response.url == reverse("offers:moderation_revisions")
    organisation = Organisation.objects.get(pk=host["organisation"].pk)
    assert (organisation.name, organisation.website) == ("Fromagerie Nouvelle", "https://f.fr")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED and revision.decided_at
    [intent] = SyncIntent.objects.pending()  # the national push follows
    assert (intent.offer_id, intent.action) == (host["national"].pk, "update")
    assert _national(host["national"])["employer_website"] == "https://f.fr"
    assert "<nom>Fromagerie Nouvelle</nom>" in _feed(client)
    assert "Fromagerie Nouvelle" in _public_page(client, host["national"])


def test_refusal_keeps_the_approved_values_and_tells_the_members(
    client, host, django_capture_on_commit_callbacks
):
    _edit(client, host["organisation"], website=PHISHING)
    revision = OrganisationRevision.objects.get()
    log_in(client, ModeratorFactory())
    url = reverse("offers:moderation_revision", args=[revision.pk])

    refuse = {"decision": "refuse", "version": revision.version}
    empty = client.post(url, refuse | {"refuse-message": ""})
    assert empty.status_code == 200 and "Indiquez le motif du refus." in empty.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, refuse | {"refuse-message": "Site sans rapport."})

    organisation = Organisation.objects.get(pk=host["organisation"].pk)
    assert organisation.website == "https://fromagerie.fr"
    revision.refresh_from_db()
    assert (revision.status, revision.message) == (RevisionStatus.REFUSED, "Site sans rapport.")
    assert not SyncIntent.objects.exists()
    [message] = mail.outbox
    assert message.to == [host["employer"].email]
    assert "Site sans rapport." in message.body and PHISHING in message.body
    # A second decision changes nothing.
    again = client.post(url, {"decision": "approve", "version": revision.version})
    assert again.status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).website == "https://fromagerie.fr"
    client.force_login(host["employer"])
    page = html.unescape(client.get(reverse("organisations:detail")).content.decode())
    assert "Refusée" in page and "Site sans rapport." in page


def test_a_new_organisation_edits_freely_until_its_first_offer_goes_to_moderation(client):
    employer = EmployerFactory()
    organisation = employer.membership.organisation
    offer = OfferFactory(organisation=organisation, state=State.DRAFT)
    client.force_login(employer)

    _edit(client, organisation, website="https://nouveau.fr")

    assert Organisation.objects.get(pk=organisation.pk).website == "https://nouveau.fr"
    assert not OrganisationRevision.objects.exists()

    # Submitted: a moderator may be reading these texts; a change now waits for them.
    Offer.objects.filter(pk=offer.pk).update(state=State.SUBMITTED, submitted_at=timezone.now())
    _edit(client, organisation, website=PHISHING)

    assert Organisation.objects.get(pk=organisation.pk).website == "https://nouveau.fr"
    assert OrganisationRevision.objects.get().proposed == {"website": PHISHING}


def test_one_pending_revision_per_organisation(client, host):
    _edit(client, host["organisation"], website="https://a.fr")
    _edit(client, host["organisation"], website="https://b.fr", name="Autre nom")

    revision = OrganisationRevision.objects.get()
    assert revision.proposed == {"website": "https://b.fr", "name": "Autre nom"}


def test_approval_and_its_sync_changes_are_one_transaction(host, monkeypatch):
    from sync_1j1s import services as sync_services

    organisation = host["organisation"]
    organisation.name = "Nom jamais publié"
    revision = services.edit_organisation(organisation, host["employer"])

    def broken(offer, action):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(sync_services, "record_change", broken)
    with pytest.raises(RuntimeError):
        services.approve_revision(revision, ModeratorFactory(), revision.version)
    assert Organisation.objects.get(pk=organisation.pk).name == "Fromagerie du Haut-Doubs"
    assert OrganisationRevision.objects.get().status == RevisionStatus.PENDING


def test_a_proposal_changed_while_the_moderator_read_it_is_not_approved(client, host):
    _edit(client, host["organisation"], website="https://inoffensif.fr")
    revision = OrganisationRevision.objects.get()
    read = revision.version
    _edit(client, host["organisation"], website=PHISHING)  # after the moderator's reading
    log_in(client, ModeratorFactory())

    response = client.post(
        reverse("offers:moderation_revision", args=[revision.pk]),
        {"decision": "approve", "version": read},
        follow=True,
    )

    assert "pendant votre lecture" in html.unescape(response.content.decode())
    assert Organisation.objects.get(pk=host["organisation"].pk).website == "https://fromagerie.fr"
    assert OrganisationRevision.objects.get().status == RevisionStatus.PENDING


def test_an_unrelated_edit_leaves_the_pending_revision_as_the_moderator_reads_it(client, host):
    _edit(client, host["organisation"], website=PHISHING)
    read = OrganisationRevision.objects.get().version
    _edit(client, host["organisation"], website=PHISHING, street="2 rue Neuve")
    assert OrganisationRevision.objects.get().version == read
    assert Organisation.objects.get(pk=host["organisation"].pk).street == "2 rue Neuve"
