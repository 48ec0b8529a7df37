import pytest
from django.core import mail

from offers.models import OfferTransition, State
from offers.services import TransitionNotAllowed, duplicate, move
from tests.factories import EmployerFactory, ModeratorFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_submit_then_approve_publishes_and_records_the_audit_trail(
    django_capture_on_commit_callbacks,
):
    employer = EmployerFactory()
    offer = OfferFactory(organisation=employer.membership.organisation)
    moderator = ModeratorFactory()
    move(offer, "submit", actor=employer)
    with django_capture_on_commit_callbacks(execute=True):
        move(offer, "approve", actor=moderator)
    assert offer.state == State.PUBLISHED and offer.published_at
    trail = list(
        OfferTransition.objects.filter(offer=offer).values_list("source", "target", "actor")
    )
    assert trail == [
        (State.DRAFT, State.SUBMITTED, employer.pk),
        (State.SUBMITTED, State.PUBLISHED, moderator.pk),
    ]
    assert [m.to for m in mail.outbox] == [[employer.email]]
    assert "est publiée" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.DRAFT, "approve"),
        (State.DRAFT, "mark_filled"),
        (State.PUBLISHED, "submit"),
        (State.REJECTED, "approve"),
        (State.ARCHIVED, "submit"),
        (State.EXPIRED, "approve"),
        (State.PUBLISHED, "not_an_action"),
    ],
)
def test_impossible_moves_are_refused_and_leave_no_trace(state, action):
    offer = OfferFactory(state=state)
    with pytest.raises(TransitionNotAllowed):
        move(offer, action)
    offer.refresh_from_db()
    assert offer.state == state
    assert not OfferTransition.objects.exists()


def test_reject_mails_the_reason(django_capture_on_commit_callbacks):
    offer = OfferFactory(state=State.SUBMITTED)
    EmployerFactory(organisation=offer.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        move(offer, "reject", actor=ModeratorFactory(), message="Adresse hors de la région")
    assert "Adresse hors de la région" in mail.outbox[0].body
    assert offer.transitions.get().message == "Adresse hors de la région"


def test_state_cannot_be_assigned_directly():
    offer = OfferFactory()
    with pytest.raises(AttributeError):
        offer.state = State.PUBLISHED


def test_duplicate_makes_a_fresh_draft_with_the_same_periods():
    offer = OfferFactory(state=State.EXPIRED)
    copy = duplicate(offer, actor=None)
    assert copy.pk != offer.pk and copy.state == State.DRAFT
    assert copy.title == offer.title and copy.published_at is None
    assert [(p.start, p.end, p.places) for p in copy.periods.all()] == [
        (p.start, p.end, p.places) for p in offer.periods.all()
    ]
