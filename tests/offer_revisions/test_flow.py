"""A published offer's revision end to end, against the national sandbox: the live version
stays online (page, search, national copy) while the new texts wait; the moderator reads a
per-field diff; approval swaps the live version everywhere; refusal keeps it."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from national_sandbox.models import SandboxOffer
from offers.models import Offer, OfferRevision, State
from stages_bfc.revisions import RevisionStatus
from sync_1j1s.models import SyncIntent
from tests.factories import ModeratorFactory
from tests.sessions import log_in

from .conftest import form_data, messages_of, text_of

pytestmark = pytest.mark.django_db(transaction=True)

NEW_TITLE = "Découverte de la viennoiserie et de la vente"
NEW_TRANSPORT = "Tram T2, arrêt Chamars, puis 5 minutes à pied"


def national(offer) -> dict:
    """What the national platform holds of the offer's collège track (the sandbox's copy)."""
    held = SandboxOffer.objects.get(remote_id=f"stages-bfc-{offer.pk}-college")
    assert held.published_at is not None and held.discarded_at is None
    return held.data


def searched(word: str) -> int:
    """Offers found with the word itself (not the typo fallback's nearest ones)."""
    page = Client().get(reverse("search:offers"), {"q": word}).context["page"]
    return 0 if page.results.fuzzy else page.total


@pytest.fixture
def host(sandbox, settings, live_offer, employer):
    settings.SEARCH_CACHE_SECONDS = 0
    client = Client()
    client.force_login(employer)
    return client


@pytest.fixture
def moderator():
    client = Client()
    log_in(client, ModeratorFactory())
    return client


def _propose(host, offer):
    response = host.post(
        reverse("offers:edit", args=[offer.pk]),
        form_data(host, offer, title=NEW_TITLE, transport=NEW_TRANSPORT),
        follow=True,
    )
    assert response.status_code == 200
    return response


def test_the_live_version_stays_online_while_the_new_texts_wait(host, live_offer):
    writes = SandboxOffer.objects.get().writes
    intents = SyncIntent.objects.count()

    response = _propose(host, live_offer)

    assert "Vos nouveaux textes sont envoyés à la Région" in " ".join(messages_of(response))
    offer = Offer.objects.get(pk=live_offer.pk)
    assert offer.state == State.PUBLISHED
    assert (offer.title, offer.transport) == (live_offer.title, "Bus ligne 3")
    revision = OfferRevision.objects.get()
    assert revision.proposed == {"title": NEW_TITLE, "transport": NEW_TRANSPORT}
    assert revision.status == RevisionStatus.PENDING
    page = text_of(Client().get(reverse("offers:detail", args=[offer.pk])))
    assert live_offer.title in page and NEW_TITLE not in page and "Chamars" not in page
    assert searched("viennoiserie") == 0 and searched("boulanger") == 1
    assert national(offer)["title"] == live_offer.title
    assert SandboxOffer.objects.get().writes == writes  # nothing was pushed
    assert SyncIntent.objects.count() == intents
    # The host's manage page says what waits; the edit form goes on from the proposal.
    manage = text_of(host.get(reverse("offers:manage", args=[offer.pk])))
    assert "Modifications en attente de validation" in manage
    assert "intitulé, venir en transports en commun" in manage
    form = host.get(reverse("offers:edit", args=[offer.pk])).context["form"]
    assert form["title"].value() == NEW_TITLE


def test_the_moderator_reads_the_diff_and_approval_swaps_the_live_version(
    host, moderator, live_offer
):
    _propose(host, live_offer)
    revision = OfferRevision.objects.get()

    queue = text_of(moderator.get(reverse("offers:moderation_offer_revisions")))
    assert NEW_TITLE not in queue and live_offer.title in queue
    assert "Intitulé, venir en transports en commun" in queue
    review = moderator.get(reverse("offers:moderation_offer_revision", args=[revision.pk]))
    changes = {(c.field, c.approved, c.proposed) for c in review.context["changes"]}
    assert changes == {
        ("title", live_offer.title, NEW_TITLE),
        ("transport", "Bus ligne 3", NEW_TRANSPORT),
    }
    page = text_of(review)
    assert f"<del>{live_offer.title}</del>" in page and f"<ins>{NEW_TITLE}</ins>" in page
    mail.outbox.clear()

    response = moderator.post(
        reverse("offers:moderation_offer_revision", args=[revision.pk]),
        {"decision": "approve", "version": review.context["revision"].version},
    )

    assert response.url == reverse("offers:moderation_offer_revisions")
    offer = Offer.objects.get(pk=live_offer.pk)
    assert (offer.state, offer.title, offer.transport) == (
        State.PUBLISHED,
        NEW_TITLE,
        NEW_TRANSPORT,
    )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED and revision.decided_at
    assert national(offer)["title"] == NEW_TITLE  # pushed on commit (eager Celery)
    assert not SyncIntent.objects.pending().exists()
    assert searched("viennoiserie") == 1
    page = text_of(Client().get(reverse("offers:detail", args=[offer.pk])))
    assert NEW_TITLE in page and "Chamars" in page
    assert offer.transitions.last().message.startswith("Modification validée : intitulé")
    [email] = mail.outbox
    assert "sont en ligne" in email.subject and NEW_TITLE in email.body


def test_refusal_needs_a_reason_and_keeps_the_live_version(host, moderator, live_offer):
    _propose(host, live_offer)
    revision = OfferRevision.objects.get()
    url = reverse("offers:moderation_offer_revision", args=[revision.pk])
    writes = SandboxOffer.objects.get().writes

    empty = moderator.post(url, {"decision": "refuse", "version": revision.version})
    assert empty.status_code == 200
    assert "Indiquez le motif du refus." in text_of(empty)
    revision.refresh_from_db()
    assert revision.is_pending
    mail.outbox.clear()

    response = moderator.post(
        url,
        {
            "decision": "refuse",
            "version": revision.version,
            "refuse-message": "Le tram T2 ne dessert pas Chamars.",
        },
    )

    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REFUSED
    offer = Offer.objects.get(pk=live_offer.pk)
    assert (offer.state, offer.title, offer.transport) == (
        State.PUBLISHED,
        live_offer.title,
        "Bus ligne 3",
    )
    assert national(offer)["title"] == live_offer.title
    assert SandboxOffer.objects.get().writes == writes
    [email] = mail.outbox
    assert "n'ont pas été retenues" in email.subject
    assert "Le tram T2 ne dessert pas Chamars." in email.body
    manage = text_of(host.get(reverse("offers:manage", args=[offer.pk])))
    assert "Modifications non retenues" in manage and "ne dessert pas Chamars" in manage


def test_places_periods_and_the_tutor_apply_at_once_with_the_audit_trail(host, live_offer):
    data = form_data(host, live_offer, tutor_email="nouveau.tuteur@boulangerie.fr")
    data["periodes-0-places"] = "5"

    response = host.post(reverse("offers:edit", args=[live_offer.pk]), data, follow=True)

    assert "Enregistré et déjà en ligne" in " ".join(messages_of(response))
    offer = Offer.objects.get(pk=live_offer.pk)
    assert offer.state == State.PUBLISHED
    assert offer.tutor_email == "nouveau.tuteur@boulangerie.fr"
    assert offer.periods.get().places == 5
    assert not OfferRevision.objects.exists()
    assert national(offer)["max_candidates"] == 5
    audit = offer.transitions.last()
    assert (audit.source, audit.target, audit.actor) == (
        State.PUBLISHED,
        State.PUBLISHED,
        offer.organisation.memberships.get().user,
    )
    assert "e-mail du tuteur ou de la tutrice" in audit.message
    assert "périodes et places" in audit.message
