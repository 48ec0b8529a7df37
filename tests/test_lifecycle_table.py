"""The offer lifecycle as a table: every (state, action) pair, allowed or refused.

The table is read from the model (django-fsm-2's transitions), then compared with the table
written below, so any change to the state machine is a deliberate change to this file too.
Then each of the states × actions pairs goes through `offers.services.move`: an allowed pair
reaches its target and writes exactly one audit row; a refused pair changes nothing.
"""

import pytest

from offers.models import Offer, OfferTransition, State
from offers.services import ACTIONS, TransitionNotAllowed, move
from tests.factories import ModeratorFactory, OfferFactory

pytestmark = pytest.mark.django_db

S = State
EXPECTED = {
    "submit": ({S.DRAFT, S.CHANGES_REQUESTED, S.REJECTED}, S.SUBMITTED),
    "resubmit_after_edit": ({S.PUBLISHED}, S.SUBMITTED),
    "approve": ({S.SUBMITTED}, S.PUBLISHED),
    "reject": ({S.SUBMITTED}, S.REJECTED),
    "request_changes": ({S.SUBMITTED}, S.CHANGES_REQUESTED),
    "mark_filled": ({S.PUBLISHED}, S.FILLED),
    "reopen": ({S.FILLED}, S.PUBLISHED),
    "withdraw": ({S.PUBLISHED, S.FILLED, S.SUBMITTED}, S.WITHDRAWN),
    "expire": ({S.PUBLISHED, S.FILLED}, S.EXPIRED),
    "archive": (
        {S.DRAFT, S.REJECTED, S.WITHDRAWN, S.EXPIRED, S.FILLED, S.CHANGES_REQUESTED},
        S.ARCHIVED,
    ),
}
# Being added with the reports app: a reported offer found wanting goes back to its employer.
if hasattr(Offer, "unpublish_after_report"):
    EXPECTED["unpublish_after_report"] = ({S.PUBLISHED}, S.CHANGES_REQUESTED)

EXPECTED_TABLE = {
    (source, action): target for action, (sources, target) in EXPECTED.items() for source in sources
}


def model_table() -> dict[tuple[str, str], str]:
    """(source state, action) → target state, as the model's transitions declare them."""
    table = {}
    for transition in Offer._meta.get_field("state").get_all_transitions(Offer):
        assert transition.source in State.values, f"wildcard source in {transition.name}"
        key = (transition.source, transition.name)
        assert key not in table, f"two targets for {key}"
        table[key] = transition.target
    return table


TABLE = model_table()
PAIRS = [(state, action) for state in State.values for action in sorted(ACTIONS)]


def test_the_model_table_is_the_expected_table():
    assert TABLE == EXPECTED_TABLE


def test_every_transition_of_the_model_is_a_service_action_and_back():
    assert {action for _, action in TABLE} == ACTIONS


def test_archived_is_the_only_state_with_no_way_out():
    assert {state for state in State.values if not any(s == state for s, _ in TABLE)} == {
        S.ARCHIVED
    }


def test_the_table_covers_every_pair():
    allowed = [pair for pair in PAIRS if pair in TABLE]
    assert len(allowed) == len(TABLE)
    assert len(PAIRS) == len(State.values) * len(ACTIONS)


@pytest.mark.parametrize(
    ("state", "action"),
    [pair for pair in PAIRS if pair in TABLE],
    ids=[f"{state}-{action}" for state, action in PAIRS if (state, action) in TABLE],
)
def test_allowed_move_reaches_its_target_with_one_audit_row(state, action):
    offer = OfferFactory(state=state)
    actor = ModeratorFactory(totp=False)
    move(offer, action, actor=actor, message=f"Motif : {action}")
    target = TABLE[(state, action)]
    assert offer.state == target
    assert Offer.objects.get(pk=offer.pk).state == target
    row = OfferTransition.objects.get(offer=offer)
    assert (row.actor, row.source, row.target, row.message) == (
        actor,
        state,
        target,
        f"Motif : {action}",
    )


@pytest.mark.parametrize(
    ("state", "action"),
    [pair for pair in PAIRS if pair not in TABLE],
    ids=[f"{state}-{action}" for state, action in PAIRS if (state, action) not in TABLE],
)
def test_refused_move_raises_and_changes_nothing(state, action):
    offer = OfferFactory(state=state)
    before = Offer.objects.filter(pk=offer.pk).values().get()
    with pytest.raises(TransitionNotAllowed):
        move(offer, action, actor=ModeratorFactory(totp=False), message="Refusé")
    assert Offer.objects.filter(pk=offer.pk).values().get() == before
    assert offer.state == state
    assert not OfferTransition.objects.exists()


def test_an_unknown_action_is_refused():
    offer = OfferFactory(state=S.SUBMITTED)
    with pytest.raises(TransitionNotAllowed):
        move(offer, "delete")
    with pytest.raises(TransitionNotAllowed):
        move(offer, "save")  # a method of the model, but not a transition
    assert Offer.objects.get(pk=offer.pk).state == S.SUBMITTED
    assert not OfferTransition.objects.exists()
