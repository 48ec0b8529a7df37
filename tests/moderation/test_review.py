import pytest
from django.core import mail
from django.urls import reverse

from offers.models import OfferTransition, State
from offers.services import move
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory, TeacherFactory

from .conftest import submitted_offer

pytestmark = pytest.mark.django_db


def review_url(offer):
    return reverse("offers:moderation_review", args=[offer.pk])


def test_review_shows_the_whole_offer_with_tutor_contact_and_audit_trail(moderator_client):
    employer = EmployerFactory()
    offer = OfferFactory(
        organisation=employer.membership.organisation,
        tutor_name="Dominique Petit",
        tutor_email="tuteur@boulangerie.fr",
        tutor_phone="03 81 00 00 00",
        transport="Tram ligne 1",
    )
    move(offer, "submit", actor=employer, message="")
    response = moderator_client.get(review_url(offer))
    assert response.status_code == 200
    content = response.content.decode()
    for expected in [
        offer.title,
        offer.organisation.name,
        offer.organisation.siret,
        "Pétrir, façonner et cuire le pain",
        "Tram ligne 1",
        "Dominique Petit",
        'href="mailto:tuteur@boulangerie.fr"',
        "03 81 00 00 00",
        "Historique",
        "Brouillon → <strong>En attente de modération</strong>",
        f"par {employer}",
        "Publier l'offre",
        "Refuser l'offre",
        "Demander des modifications",
    ]:
        assert expected in content, expected
    assert reverse("offers:detail", args=[offer.pk]) in content


def test_approve_publishes_records_and_mails(
    moderator_client, moderator, django_capture_on_commit_callbacks
):
    offer = submitted_offer()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(review_url(offer), {"decision": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("offers:moderation_queue")
    assert f"L&#x27;offre « {offer.title} » est publiée." in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED and offer.published_at
    transition = offer.transitions.get()
    assert (transition.source, transition.target, transition.actor) == (
        State.SUBMITTED,
        State.PUBLISHED,
        moderator,
    )
    assert [m.to for m in mail.outbox] == [[f"accueil{offer.pk}@exemple.fr"]]
    assert "est publiée" in mail.outbox[0].subject


def test_reject_with_reason(moderator_client, moderator, django_capture_on_commit_callbacks):
    offer = submitted_offer()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            review_url(offer),
            {"decision": "reject", "reject-message": "Le lieu est hors de la région."},
        )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == State.REJECTED
    transition = offer.transitions.get()
    assert transition.message == "Le lieu est hors de la région."
    assert transition.actor == moderator
    (email,) = mail.outbox
    assert "Le lieu est hors de la région." in email.body
    assert "Le lieu est hors de la région." in email.alternatives[0].content


def test_request_changes_with_message(moderator_client, django_capture_on_commit_callbacks):
    offer = submitted_offer()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            review_url(offer),
            {"decision": "request_changes", "changes-message": "Précisez les horaires."},
        )
    offer.refresh_from_db()
    assert offer.state == State.CHANGES_REQUESTED
    assert offer.transitions.get().message == "Précisez les horaires."
    (email,) = mail.outbox
    assert "Précisez les horaires." in email.body


@pytest.mark.parametrize(
    ("decision", "field", "error"),
    [
        ("reject", "reject-message", "Indiquez le motif du refus."),
        ("request_changes", "changes-message", "Indiquez les modifications à apporter."),
    ],
)
def test_decision_without_message_shows_the_error_beside_the_field(
    moderator_client, decision, field, error, django_capture_on_commit_callbacks
):
    offer = submitted_offer()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(review_url(offer), {"decision": decision, field: "   "})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count(error) == 2  # beside the field, and in the summary at the top
    assert 'aria-invalid="true"' in content
    assert "Aucune décision n'a été enregistrée." in content
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED
    assert not OfferTransition.objects.exists()
    assert mail.outbox == []


def test_invalid_form_keeps_what_was_typed_elsewhere(moderator_client):
    """An over-long reason is refused, and the typed text is shown again."""
    offer = submitted_offer()
    typed = "Adresse incomplète. " * 110  # over 2,000 characters
    response = moderator_client.post(
        review_url(offer), {"decision": "reject", "reject-message": typed}
    )
    assert response.status_code == 200
    assert typed.strip() in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED


def test_decision_on_an_offer_already_decided_says_so(moderator_client):
    offer = submitted_offer()
    # Another moderator was quicker.
    move(offer, "approve", actor=ModeratorFactory())
    response = moderator_client.post(
        review_url(offer), {"decision": "reject", "reject-message": "Trop tard"}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == review_url(offer)
    content = response.content.decode()
    assert "n&#x27;est plus en attente de modération (état : Publiée)" in content
    assert "Aucune décision n&#x27;a été enregistrée." in content
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED
    assert offer.transitions.count() == 1


def test_decided_offer_shows_no_decision_forms(moderator_client):
    offer = OfferFactory(state=State.PUBLISHED)
    content = moderator_client.get(review_url(offer)).content.decode()
    assert "aucune décision n'est possible" in content
    assert 'name="decision"' not in content


def test_unknown_decision_changes_nothing(moderator_client):
    offer = submitted_offer()
    response = moderator_client.post(review_url(offer), {"decision": "archive"}, follow=True)
    assert "Décision inconnue" in response.content.decode()
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED


def test_unknown_offer_is_a_404(moderator_client):
    assert (
        moderator_client.get(reverse("offers:moderation_review", args=[999999])).status_code == 404
    )


@pytest.mark.parametrize("factory", [TeacherFactory, EmployerFactory])
def test_non_moderators_cannot_review_or_decide(client, factory):
    offer = submitted_offer()
    client.force_login(factory())
    assert client.get(review_url(offer)).status_code == 403
    assert client.post(review_url(offer), {"decision": "approve"}).status_code == 403
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED


def test_members_of_the_organisation_cannot_moderate_their_own_offer(client):
    offer = submitted_offer()
    client.force_login(offer.organisation.memberships.get().user)
    assert client.post(review_url(offer), {"decision": "approve"}).status_code == 403


def test_review_query_count_does_not_grow_with_the_trail(
    moderator_client, django_assert_max_num_queries
):
    offer = submitted_offer()
    for _ in range(5):
        OfferTransition.objects.create(
            offer=offer, actor=ModeratorFactory(), source="draft", target="submitted"
        )
    with django_assert_max_num_queries(7):
        assert moderator_client.get(review_url(offer)).status_code == 200


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("verified", "(vérifié au répertoire des entreprises)"),
        ("pending", "<strong>(à vérifier au répertoire des entreprises)</strong>"),
        ("closed", "<strong>(établissement fermé au répertoire des entreprises)</strong>"),
    ],
)
def test_review_shows_what_the_register_said_of_the_siret(moderator_client, status, shown):
    employer = EmployerFactory()
    organisation = employer.membership.organisation
    organisation.register_status = status
    organisation.save(update_fields=["register_status"])
    offer = OfferFactory(organisation=organisation)
    move(offer, "submit", actor=employer, message="")
    assert shown in moderator_client.get(review_url(offer)).content.decode()
