"""How conventions react to placements' announcements (connected in `ready()`)."""

from . import drafting, retention, services


def placement_confirmed(sender, application=None, external=None, **kwargs):
    """A placement is settled: its convention is drafted in the same transaction."""
    if application is not None:
        drafting.draft_for_application(application)
    elif external is not None:
        drafting.draft_for_external(external)


def placement_cancelled(sender, application, reason="", **kwargs):
    """A confirmed placement is cancelled: so are its conventions, and every party told."""
    services.cancel_for_application(application, reason)


def pupils_anonymised(sender, pupil_ids, **kwargs):
    """Former pupils: their unsigned conventions go; signed ones keep their legal period."""
    retention.forget_unsigned_of(pupil_ids)
