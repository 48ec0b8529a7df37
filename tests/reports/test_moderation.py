"""The moderators' queue of reported offers: ordering, dismissing, unpublishing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from offers.models import OfferTransition, State
from offers.services import move
from reports.models import OfferReport, Outcome, Reason
from reports.services import report_offer
from tests.factories import OfferFactory

from .conftest import published_offer

pytestmark = pytest.mark.django_db


def queue_url():
    return reverse("reports:queue")


def review_url(offer):
    return reverse("reports:review", args=[offer.pk])


def report(offer, reason=Reason.FRAUD, days_ago=0, details="", **kwargs):
    return OfferReport.objects.create(
        offer=offer,
        reason=reason,
        details=details or ("Détails" if reason == Reason.OTHER else ""),
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def test_queue_groups_open_reports_per_offer_oldest_first(moderator_client, moderator):
    recent = published_offer(title="Offre signalée hier")
    report(recent, Reason.FILLED, days_ago=1)
    old = published_offer(title="Offre signalée il y a longtemps")
    report(old, Reason.FRAUD, days_ago=10)
    report(old, Reason.DISCRIMINATION, days_ago=2)
    report(old, Reason.FRAUD, days_ago=1)
    # Handled reports leave the queue, and so does an offer with only handled ones.
    report(old, Reason.INAPPROPRIATE, days_ago=30, handled_at=timezone.now(), outcome="dismissed")
    handled = published_offer(title="Offre déjà traitée")
    report(handled, days_ago=40, handled_at=timezone.now(), outcome=Outcome.DISMISSED)
    published_offer(title="Offre jamais signalée")

    response = moderator_client.get(queue_url())

    assert response.status_code == 200
    rows = [(offer.title, offer.open_count, reasons) for offer, reasons in response.context["rows"]]
    assert rows == [
        (
            "Offre signalée il y a longtemps",
            3,
            ["Offre frauduleuse ou trompeuse", "Discrimination"],
        ),
        ("Offre signalée hier", 1, ["Offre déjà pourvue"]),
    ]
    content = response.content.decode()
    assert "2 offres avec des signalements en attente" in content
    assert review_url(old) in content
    assert "Offre déjà traitée" not in content


def test_queue_query_count_stays_flat(moderator_client, django_assert_max_num_queries):
    for index in range(5):
        offer = published_offer(title=f"Offre {index}")
        report(offer, days_ago=index)
        report(offer, Reason.OTHER, days_ago=index)
    with django_assert_max_num_queries(10):
        assert moderator_client.get(queue_url()).status_code == 200


def test_moderation_queue_and_nav_link_to_the_report_queue(moderator_client):
    content = moderator_client.get(reverse("offers:moderation_queue")).content.decode()
    assert content.count(f'href="{queue_url()}"') == 2  # the nav and the page


def test_review_shows_open_and_handled_reports_and_the_offer(moderator_client, moderator):
    offer = published_offer(description="Pétrir et façonner le pain.")
    report(offer, Reason.OTHER, days_ago=3, details="Le numéro de téléphone est faux.")
    report(offer, Reason.WRONG_INFORMATION, days_ago=5, reporter=moderator)
    report(
        offer,
        Reason.FILLED,
        days_ago=9,
        handled_at=timezone.now(),
        handled_by=moderator,
        outcome=Outcome.DISMISSED,
        note="Vérifié par téléphone.",
    )
    response = moderator_client.get(review_url(offer))
    assert response.status_code == 200
    assert [r.reason for r in response.context["open_reports"]] == [
        Reason.WRONG_INFORMATION,
        Reason.OTHER,
    ]
    content = response.content.decode().replace("&#x27;", "'")
    for expected in [
        "Signalements en attente (2)",
        "Le numéro de téléphone est faux.",
        "(anonyme)",
        f"par {moderator}",
        "Signalements déjà traités",
        "Classé sans suite",
        "Vérifié par téléphone.",
        "Pétrir et façonner le pain.",
        "Classer les signalements sans suite",
        "Retirer l'offre du site",
    ]:
        assert expected in content, expected


def test_offer_never_reported_has_no_review_page(moderator_client):
    assert moderator_client.get(review_url(published_offer())).status_code == 404


def test_dismiss_closes_open_reports_and_keeps_the_offer_online(moderator_client, moderator):
    offer = published_offer()
    first, second = report(offer), report(offer, Reason.FILLED)
    earlier = report(
        offer, handled_at=timezone.now() - datetime.timedelta(days=1), outcome=Outcome.DISMISSED
    )
    response = moderator_client.post(
        review_url(offer),
        {"decision": "dismiss", "dismiss-note": "Offre vérifiée, rien d'anormal."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == queue_url()
    assert f"2 signalements de l'offre « {offer.title} » classés sans suite." in (
        response.content.decode().replace("&#x27;", "'")
    )
    for item in (first, second):
        item.refresh_from_db()
        assert item.outcome == Outcome.DISMISSED and item.handled_by == moderator
        assert item.handled_at and item.note == "Offre vérifiée, rien d'anormal."
    earlier_handled_at = earlier.handled_at
    earlier.refresh_from_db()
    assert earlier.handled_at == earlier_handled_at and earlier.note == ""
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED
    assert not OfferTransition.objects.exists()
    assert mail.outbox == []


def test_dismiss_without_note_and_twice(moderator_client):
    offer = published_offer()
    report(offer)
    assert moderator_client.post(review_url(offer), {"decision": "dismiss"}).status_code == 302
    assert OfferReport.objects.get().note == ""
    response = moderator_client.post(review_url(offer), {"decision": "dismiss"}, follow=True)
    assert "n&#x27;a plus de signalement en attente" in response.content.decode()


def test_unpublish_moves_offer_back_to_employer_with_audit_and_mail(
    moderator_client, moderator, django_capture_on_commit_callbacks
):
    offer = published_offer(title="Stage en boulangerie")
    reports = [report(offer), report(offer, Reason.DISCRIMINATION)]
    message = "Retirez la mention « réservé aux garçons » puis soumettez l'offre."
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            review_url(offer), {"decision": "unpublish", "unpublish-message": message}, follow=True
        )
    assert response.redirect_chain[-1][0] == queue_url()
    assert "L&#x27;offre « Stage en boulangerie » est retirée du site" in (
        response.content.decode()
    )
    offer.refresh_from_db()
    assert offer.state == State.CHANGES_REQUESTED
    transition = offer.transitions.get()
    assert (transition.source, transition.target, transition.actor, transition.message) == (
        State.PUBLISHED,
        State.CHANGES_REQUESTED,
        moderator,
        message,
    )
    for item in reports:
        item.refresh_from_db()
        assert (item.outcome, item.handled_by, item.note) == (
            Outcome.UNPUBLISHED,
            moderator,
            message,
        )
    assert [m.to for m in mail.outbox] == [[f"accueil{offer.pk}@exemple.fr"]]
    sent = mail.outbox[0]
    assert sent.subject == "[Stages BFC] Votre offre « Stage en boulangerie » est retirée du site"
    # Plain text is not escaped; HTML is.
    assert message in sent.body
    assert "https://stages.bfc.example/espace/offres/" in sent.body
    html_body = sent.alternatives[0].content
    assert "« réservé aux garçons »" in html_body
    # The public page is no longer public; the employer may edit and resubmit.
    assert moderator_client.logout() is None
    assert moderator_client.get(offer.get_absolute_url()).status_code == 404
    move(offer, "submit")
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED


def test_unpublish_requires_a_message(moderator_client):
    offer = published_offer()
    report(offer)
    response = moderator_client.post(review_url(offer), {"decision": "unpublish"})
    assert response.status_code == 200
    content = response.content.decode().replace("&#x27;", "'")
    assert "Aucune décision n'a été enregistrée." in content
    assert "Indiquez à la structure ce qui doit être corrigé." in content
    offer.refresh_from_db()
    assert offer.state == State.PUBLISHED
    assert OfferReport.objects.open().count() == 1


def test_unpublish_of_an_offer_no_longer_published_is_explained(
    moderator_client, django_capture_on_commit_callbacks
):
    offer = published_offer(title="Offre retirée entre-temps")
    report(offer)
    move(offer, "withdraw")
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            review_url(offer),
            {"decision": "unpublish", "unpublish-message": "À corriger."},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == review_url(offer)
    content = response.content.decode().replace("&#x27;", "'")
    assert (
        "L'offre « Offre retirée entre-temps » n'est plus publiée (état : Retirée) : "
        "elle ne peut pas être retirée du site. Aucune décision n'a été enregistrée"
    ) in content
    offer.refresh_from_db()
    assert offer.state == State.WITHDRAWN
    assert OfferReport.objects.get().is_open
    assert offer.transitions.count() == 1  # the withdrawal only
    assert mail.outbox == []
    # The reports can still be dismissed; the unpublish form is gone.
    assert "Classer les signalements sans suite" in content
    assert 'value="unpublish"' not in content


def test_unknown_decision_changes_nothing(moderator_client):
    offer = published_offer()
    report(offer)
    response = moderator_client.post(review_url(offer), {"decision": "delete"}, follow=True)
    assert "Décision inconnue" in response.content.decode()
    assert OfferReport.objects.get().is_open


def test_report_service_ignores_anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    offer = OfferFactory(state=State.PUBLISHED)
    filed = report_offer(offer, reason=Reason.FRAUD, reporter=AnonymousUser())
    assert filed.reporter is None
