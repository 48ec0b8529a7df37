from . import services


def pupil_account_closing(sender, pupil, **kwargs):
    """A pupil closes their account: their saved searches (and matches) go with it."""
    services.forget_owner(pupil)
