"""Edits of offers being read: a published one's revision, a submitted one's place in the
queue, the moderator's decision tied to the version read, and bad input."""

import pytest
from django.test import Client
from django.urls import reverse

from offers import edits
from offers.models import Offer, OfferRevision, State
from offers.services import TransitionNotAllowed, move
from tests.factories import ModeratorFactory
from tests.sessions import log_in

from .conftest import form_data, messages_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(client, employer):
    client.force_login(employer)
    return client


@pytest.fixture
def moderator():
    client = Client()
    log_in(client, ModeratorFactory())
    return client


def _edit(host, offer, **changes):
    return host.post(
        reverse("offers:edit", args=[offer.pk]), form_data(host, offer, **changes), follow=True
    )


def test_typing_the_live_text_back_withdraws_the_proposal(host, live_offer):
    _edit(host, live_offer, title="Un autre titre")
    assert OfferRevision.objects.pending().count() == 1

    response = _edit(host, live_offer, title=live_offer.title)

    assert not OfferRevision.objects.exists()
    assert "plus rien à valider" in " ".join(messages_of(response))


def test_an_edit_that_leaves_the_proposal_as_it_was_keeps_its_version(host, live_offer):
    _edit(host, live_offer, title="Un autre titre")
    version = OfferRevision.objects.get().version

    _edit(host, live_offer, tutor_phone="03 81 00 00 00")  # the form starts from the proposal

    revision = OfferRevision.objects.get()
    assert revision.version == version and revision.proposed == {"title": "Un autre titre"}
    assert Offer.objects.get(pk=live_offer.pk).tutor_phone == "03 81 00 00 00"


def test_a_decision_on_a_proposal_changed_since_it_was_read_is_refused(host, moderator, live_offer):
    _edit(host, live_offer, title="Premier essai")
    revision = OfferRevision.objects.get()
    url = reverse("offers:moderation_offer_revision", args=[revision.pk])
    read = moderator.get(url).context["revision"].version
    _edit(host, live_offer, title="Second essai")

    response = moderator.post(url, {"decision": "approve", "version": read}, follow=True)

    assert "a changé sa proposition pendant votre lecture" in " ".join(messages_of(response))
    assert Offer.objects.get(pk=live_offer.pk).title == live_offer.title
    assert OfferRevision.objects.get().is_pending
    # A decided revision is not decided twice.
    current = moderator.get(url).context["revision"].version
    moderator.post(url, {"decision": "approve", "version": current})
    again = moderator.post(url, {"decision": "approve", "version": current}, follow=True)
    assert "déjà été traitées" in " ".join(messages_of(again))
    assert Offer.objects.get(pk=live_offer.pk).title == "Second essai"


@pytest.mark.parametrize("decision", ["", "publish", "approve\x00"])
def test_an_unknown_decision_is_a_french_message(moderator, live_offer, decision):
    revision = OfferRevision.objects.create(offer=live_offer, proposed={"title": "Autre"})
    url = reverse("offers:moderation_offer_revision", args=[revision.pk])
    response = moderator.post(url, {"decision": decision, "version": "x"}, follow=True)
    assert response.status_code == 200
    assert "rien n'a été enregistré" in " ".join(messages_of(response))
    assert OfferRevision.objects.get().is_pending


def test_bad_input_on_a_live_offer_is_refused_and_kept_on_the_page(host, live_offer):
    response = host.post(
        reverse("offers:edit", args=[live_offer.pk]),
        form_data(host, live_offer, title="", transport="Ligne 7, arrêt Mairie"),
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "Donnez un intitulé à l'offre." in page
    assert "Ligne 7, arrêt Mairie" in page  # what was typed is shown again
    assert not OfferRevision.objects.exists()
    assert Offer.objects.get(pk=live_offer.pk).transport == "Bus ligne 3"


def test_a_submitted_offer_can_be_edited_and_keeps_its_place_in_the_queue(
    host, moderator, live_offer
):
    Offer.objects.filter(pk=live_offer.pk).update(state=State.SUBMITTED)
    offer = Offer.objects.get(pk=live_offer.pk)
    review = moderator.get(reverse("offers:moderation_review", args=[offer.pk]))
    read = review.context["offer"].updated_at.isoformat()

    response = _edit(host, offer, title="Titre corrigé avant relecture")

    assert "garde sa place dans la file" in " ".join(messages_of(response))
    edited = Offer.objects.get(pk=offer.pk)
    assert edited.state == State.SUBMITTED and edited.title == "Titre corrigé avant relecture"
    assert edited.submitted_at == offer.submitted_at
    assert not OfferRevision.objects.exists()
    # The moderator's page was read before the edit: the approval is refused.
    stale = moderator.post(
        reverse("offers:moderation_review", args=[offer.pk]),
        {"decision": "approve", "version": read},
        follow=True,
    )
    assert "a modifié l'offre pendant votre lecture" in " ".join(messages_of(stale))
    assert Offer.objects.get(pk=offer.pk).state == State.SUBMITTED
    page = moderator.get(reverse("offers:moderation_review", args=[offer.pk]))
    assert "Titre corrigé avant relecture" in text_of(page)
    moderator.post(
        reverse("offers:moderation_review", args=[offer.pk]),
        {"decision": "approve", "version": page.context["offer"].updated_at.isoformat()},
    )
    assert Offer.objects.get(pk=offer.pk).state == State.PUBLISHED


def test_a_garbage_version_is_a_french_message(moderator, live_offer):
    Offer.objects.filter(pk=live_offer.pk).update(state=State.SUBMITTED)
    response = moderator.post(
        reverse("offers:moderation_review", args=[live_offer.pk]),
        {"decision": "approve", "version": "2026-13-45T99:99"},
        follow=True,
    )
    assert response.status_code == 200
    assert "pendant votre lecture" in " ".join(messages_of(response))
    assert Offer.objects.get(pk=live_offer.pk).state == State.SUBMITTED


def test_an_offer_approved_while_its_form_was_open_is_not_changed_unmoderated(host, live_offer):
    Offer.objects.filter(pk=live_offer.pk).update(state=State.SUBMITTED)
    offer = Offer.objects.get(pk=live_offer.pk)
    data = form_data(host, offer, title="Texte jamais relu")
    as_read = Offer.objects.get(pk=offer.pk)
    move(offer, "approve")  # the moderator got there first

    host.post(reverse("offers:edit", args=[offer.pk]), data)

    live = Offer.objects.get(pk=offer.pk)
    assert live.state == State.PUBLISHED and live.title == live_offer.title
    assert OfferRevision.objects.get().proposed == {"title": "Texte jamais relu"}
    # Between the view's read and its save, the lock sees the move and refuses.
    with pytest.raises(TransitionNotAllowed):
        edits.lock_in_state(as_read)


def test_an_offline_edit_carries_the_proposal_and_drops_the_revision(host, live_offer):
    _edit(host, live_offer, title="Proposé en ligne")
    move(live_offer, "unpublish_after_report", message="Signalée")

    form = host.get(reverse("offers:edit", args=[live_offer.pk])).context["form"]
    assert form["title"].value() == "Proposé en ligne"  # nothing typed is lost
    _edit(host, live_offer, description="Corrigée après le signalement.")

    offer = Offer.objects.get(pk=live_offer.pk)
    assert offer.title == "Proposé en ligne" and offer.state == State.CHANGES_REQUESTED
    assert not OfferRevision.objects.exists()
