"""The apps that react to a change subscribe to its signal in their AppConfig.ready()."""

import pytest

from accounts.signals import pupil_account_closing
from offers.signals import offer_changed, offer_moved
from organisations.signals import organisation_changed
from placements.signals import placement_cancelled, placement_confirmed, pupils_anonymised


def subscribers(signal) -> set[str]:
    return {key[0] for key, *_ in signal.receivers}


@pytest.mark.parametrize(
    ("signal", "uids"),
    [
        (
            offer_moved,
            {"offers.decision_email", "sync_1j1s.offer_moved", "placements.offer_withdrawn"},
        ),
        (offer_changed, {"sync_1j1s.offer_changed"}),
        (organisation_changed, {"offers.organisation_changed"}),
        (
            pupil_account_closing,
            {"placements.pupil_account_closing", "alerts.pupil_account_closing"},
        ),
        (placement_confirmed, {"conventions.placement_confirmed"}),
        (placement_cancelled, {"conventions.placement_cancelled"}),
        (pupils_anonymised, {"conventions.pupils_anonymised"}),
    ],
)
def test_each_change_has_its_subscribers(signal, uids):
    assert subscribers(signal) == uids


def test_placements_pages_show_cells_registered_from_above():
    """The class table's Convention column and the inbox's convention line come through
    placements.annotations, registered by conventions in its ready()."""
    from conventions import columns
    from placements import annotations

    assert annotations._class_columns == {"Convention": columns.class_cells}
    assert annotations._application_cells == [columns.inbox_cells]
