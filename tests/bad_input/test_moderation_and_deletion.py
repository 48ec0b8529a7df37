"""Moderation decisions and the account deletion."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from offers.models import Offer, OfferTransition, State
from tests.bad_input.checks import (
    ESCAPED_SCRIPT,
    HUGE,
    NUL,
    REQUIRED,
    SCRIPT,
    assert_refused,
    too_long,
)
from tests.factories import (
    EmployerFactory,
    ModeratorFactory,
    OfferFactory,
)
from tests.sessions import log_in

pytestmark = pytest.mark.django_db


# --- Moderation decisions -----------------------------------------------------------------

DECISION_FORMS = {
    "reject": ("reject-message", "Indiquez le motif du refus."),
    "request_changes": ("changes-message", "Indiquez les modifications à apporter."),
}


@pytest.fixture
def submitted(db):
    offer = OfferFactory(state=State.SUBMITTED, submitted_at=timezone.now())
    EmployerFactory(organisation=offer.organisation)
    return offer


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", None),
        ("   \n ", None),
        ("x" * 2001, too_long(2000)),
        ("x" * HUGE, too_long(2000, HUGE)),
        ("Adresse\x00 hors région", NUL),
    ],
)
@pytest.mark.parametrize("decision", DECISION_FORMS)
def test_moderation_decision_bad_message(moderator_client, submitted, decision, message, error):
    name, required = DECISION_FORMS[decision]
    response = moderator_client.post(
        reverse("offers:moderation_review", args=[submitted.pk]),
        {"decision": decision, name: message},
    )
    assert_refused(response, f"id_{name}", error or required, typed=message.strip() or None)
    assert Offer.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not OfferTransition.objects.exists()


@pytest.mark.parametrize("decision", ["", "delete", "archive", "\x00", "x" * HUGE, None])
def test_moderation_unknown_decision_changes_nothing(moderator_client, submitted, decision):
    url = reverse("offers:moderation_review", args=[submitted.pk])
    data = {"reject-message": "Motif"} | ({} if decision is None else {"decision": decision})
    response = moderator_client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Décision inconnue : rien n&#x27;a été enregistré." in response.content.decode()
    assert Offer.objects.get(pk=submitted.pk).state == State.SUBMITTED
    assert not OfferTransition.objects.exists()


@pytest.mark.parametrize("decision", DECISION_FORMS)
def test_moderation_script_in_message_is_stored_as_text_and_shown_escaped(
    client, submitted, decision
):
    name, _ = DECISION_FORMS[decision]
    log_in(client, ModeratorFactory())
    url = reverse("offers:moderation_review", args=[submitted.pk])
    response = client.post(url, {"decision": decision, name: SCRIPT})
    assert response.status_code == 302
    assert submitted.transitions.get().message == SCRIPT
    employer = submitted.organisation.memberships.get().user
    pages = [client.get(url)]
    client.force_login(employer)
    pages += [client.get(reverse("offers:manage", args=[submitted.pk]))]
    pages += [client.get(reverse("offers:edit", args=[submitted.pk]))]
    for page in pages:
        assert page.status_code == 200
        content = page.content.decode()
        assert "<script>alert(1)" not in content and ESCAPED_SCRIPT in content


@pytest.mark.parametrize(
    "pks", [["abc"], ["\x00"], ["²"], ["9" * 18], ["9" * 30], ["-1"], ["1" * HUGE]]
)
def test_bulk_approve_with_garbage_ids(moderator_client, submitted, pks):
    response = moderator_client.post(reverse("offers:moderation_bulk_approve"), {"offers": pks})
    assert response.status_code == 302
    assert Offer.objects.get(pk=submitted.pk).state == State.SUBMITTED


# --- Account deletion ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", REQUIRED),
        ("pas-le-bon", "Mot de passe incorrect."),
        ("x" * HUGE, "Mot de passe incorrect."),
        ("motdepasse-solide-42\x00", NUL),
        (SCRIPT, "Mot de passe incorrect."),
    ],
)
def test_account_deletion_bad_password(client, password, message):
    user = EmployerFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": password})
    assert_refused(response, "id_password", message)
    if password:
        assert html.escape(password[:50]) not in response.content.decode()  # never echoed
    assert User.objects.filter(pk=user.pk).exists()
    assert client.session["_auth_user_id"] == str(user.pk)
