import pytest
from django.core import mail
from django.urls import reverse

from offers.models import OfferTransition, Public, State
from tests.factories import (
    CommuneFactory,
    DepartmentFactory,
    EmployerFactory,
    OfferFactory,
    PupilFactory,
    SectorFactory,
)

from .conftest import submitted_offer

pytestmark = pytest.mark.django_db

QUEUE = reverse("offers:moderation_queue")
BULK = reverse("offers:moderation_bulk_approve")


def titles(response):
    return [offer.title for offer in response.context["offers"]]


def test_queue_lists_submitted_offers_oldest_first(moderator_client):
    submitted_offer(days_ago=1, title="Récente")
    submitted_offer(days_ago=10, title="Ancienne")
    submitted_offer(days_ago=5, title="Moyenne")
    for state in [State.DRAFT, State.PUBLISHED, State.REJECTED, State.CHANGES_REQUESTED]:
        OfferFactory(state=state, title=f"Pas à modérer ({state})")
    response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    assert titles(response) == ["Ancienne", "Moyenne", "Récente"]
    assert "3 offres en attente" in response.content.decode()


def test_queue_rows_show_what_a_moderator_needs(moderator_client):
    offer = submitted_offer(publics=[Public.TROISIEME, Public.SECONDE])
    content = moderator_client.get(QUEUE).content.decode()
    assert offer.title in content
    assert offer.organisation.name in content
    assert "Besançon (25)" in content
    assert offer.submitted_at.astimezone().strftime("%Y") in content
    assert "Collégiens de 3e, Seconde générale et technologique" in content
    assert reverse("offers:moderation_review", args=[offer.pk]) in content
    assert f'name="offers" value="{offer.pk}"' in content
    assert "Valider la sélection" in content


def test_queue_filters_by_department_and_sector(moderator_client):
    jura = DepartmentFactory(code="39", name="Jura", prefecture="Lons-le-Saunier")
    dole = CommuneFactory(insee="39198", name="Dole", search_name="dole", department=jura)
    health = SectorFactory(code="s30", label="Santé")
    submitted_offer(title="Doubs boulangerie")
    submitted_offer(title="Jura boulangerie", commune=dole)
    submitted_offer(title="Jura santé", commune=dole, sector=health)

    assert titles(moderator_client.get(QUEUE, {"department": "39"})) == [
        "Jura boulangerie",
        "Jura santé",
    ]
    assert titles(moderator_client.get(QUEUE, {"sector": "s30"})) == ["Jura santé"]
    assert titles(moderator_client.get(QUEUE, {"department": "25", "sector": "s30"})) == []
    content = moderator_client.get(QUEUE, {"department": "25", "sector": "s30"}).content.decode()
    assert "Aucune offre en attente de modération pour ces critères." in content


def test_queue_is_paginated_and_keeps_filters(moderator_client):
    for days in range(30):
        submitted_offer(days_ago=30 - days, title=f"Offre {days:02d}", with_member=False)
    first = moderator_client.get(QUEUE, {"department": "25"})
    assert len(titles(first)) == 25 and titles(first)[0] == "Offre 00"
    assert "?department=25&amp;page=2" in first.content.decode()
    second = moderator_client.get(QUEUE, {"department": "25", "page": 2})
    assert titles(second) == [f"Offre {n}" for n in range(25, 30)]


def test_queue_query_count_does_not_grow_with_rows(moderator_client, django_assert_max_num_queries):
    for _ in range(10):
        submitted_offer(with_member=False)
    with django_assert_max_num_queries(10):
        moderator_client.get(QUEUE)


def test_bulk_approve_publishes_the_selection_and_mails_each_host(
    moderator_client, moderator, django_capture_on_commit_callbacks
):
    first, second, left_alone = submitted_offer(), submitted_offer(), submitted_offer()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(BULK, {"offers": [first.pk, second.pk]}, follow=True)
    assert response.redirect_chain[-1][0] == QUEUE
    for offer in (first, second):
        offer.refresh_from_db()
        assert offer.state == State.PUBLISHED
        assert offer.transitions.get().actor == moderator
    left_alone.refresh_from_db()
    assert left_alone.state == State.SUBMITTED
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [f"accueil{first.pk}@exemple.fr", f"accueil{second.pk}@exemple.fr"]
    )
    assert "2 offre(s) publiée(s)." in response.content.decode()


def test_bulk_approve_reports_offers_no_longer_awaiting(moderator_client):
    waiting = submitted_offer()
    decided = OfferFactory(state=State.REJECTED, title="Déjà refusée")
    response = moderator_client.post(BULK, {"offers": [waiting.pk, decided.pk]}, follow=True)
    content = response.content.decode()
    assert "1 offre(s) publiée(s)." in content
    assert "n&#x27;étaient plus en attente de modération" in content
    assert "Déjà refusée" in content
    decided.refresh_from_db()
    assert decided.state == State.REJECTED
    assert not OfferTransition.objects.filter(offer=decided).exists()


def test_bulk_approve_without_selection_says_so(moderator_client):
    response = moderator_client.post(BULK, {"offers": ["", "abc"]}, follow=True)
    assert "Aucune offre sélectionnée." in response.content.decode()


def test_bulk_approve_returns_to_the_filtered_queue(moderator_client):
    offer = submitted_offer()
    response = moderator_client.post(f"{BULK}?department=25&page=2", {"offers": [offer.pk]})
    assert response.status_code == 302
    assert response.url == f"{QUEUE}?department=25"


def test_bulk_approve_only_accepts_post(moderator_client):
    assert moderator_client.get(BULK).status_code == 405


@pytest.mark.parametrize("factory", [PupilFactory, EmployerFactory])
def test_non_moderators_are_refused(client, factory):
    offer = submitted_offer()
    client.force_login(factory())
    assert client.get(QUEUE).status_code == 403
    assert client.post(BULK, {"offers": [offer.pk]}).status_code == 403
    offer.refresh_from_db()
    assert offer.state == State.SUBMITTED


def test_anonymous_is_sent_to_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
