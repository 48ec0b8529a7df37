"""How placements react to the other apps' announcements (connected in `ready()`)."""

from .anonymise import close_pupil_account


def pupil_account_closing(sender, pupil, **kwargs):
    """A pupil closes their account (`accounts.signals`): hosts are told, data anonymised."""
    close_pupil_account(pupil)
