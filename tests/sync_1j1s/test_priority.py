"""REP and QPV: Region staff mark an offer; search and the offer page show it; the national
push sends the mark in the description, and rep / qpv only when the setting allows it."""

import html

from django.urls import reverse

from national_sandbox.models import SandboxOffer
from offers.models import Offer, State
from offers.services import move
from tests.factories import ModeratorFactory, OfferFactory
from tests.sessions import log_in


def _mark(client, offer, **fields):
    log_in(client, ModeratorFactory())
    data = {f"priority-priority_{name}": "on" for name, on in fields.items() if on}
    response = client.post(reverse("offers:moderation_priority", args=[offer.pk]), data)
    assert response.status_code == 302


def test_a_moderator_marks_rep_and_it_is_shown_and_sent_in_the_description(sandbox, client):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    national = SandboxOffer.objects.get()
    assert national.data["rep"] is False and not national.data["description"].startswith("Stage")

    _mark(client, offer, rep=True)
    offer.refresh_from_db()
    assert offer.priority_rep and not offer.priority_qpv
    national.refresh_from_db()
    assert national.data["rep"] is False and national.data["qpv"] is False
    assert national.data["description"].startswith(
        "Stage proposé en priorité aux élèves des établissements REP ou REP+."
    )

    page = html.unescape(client.get(reverse("offers:detail", args=[offer.pk])).content.decode())
    assert "les élèves des établissements REP ou REP+" in page
    results = html.unescape(client.get(reverse("search:offers")).content.decode())
    assert "En priorité pour les élèves des établissements REP" in results


def test_with_the_setting_the_flags_are_sent_and_the_description_left_alone(
    sandbox, client, settings
):
    settings.NATIONAL_SEND_PRIORITY_FLAGS = True
    offer = OfferFactory(state=State.SUBMITTED)
    Offer.objects.filter(pk=offer.pk).update(priority_qpv=True)
    move(offer, "approve")
    national = SandboxOffer.objects.get()
    assert national.data["qpv"] is True and national.data["rep"] is False
    assert national.data["description"] == offer.description


def test_unmarking_changes_nothing_when_nothing_was_marked(sandbox, client):
    offer = OfferFactory(state=State.SUBMITTED)
    move(offer, "approve")
    writes = SandboxOffer.objects.get().writes
    _mark(client, offer)
    assert SandboxOffer.objects.get().writes == writes
