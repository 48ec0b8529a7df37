"""Thin Celery tasks, deferred through the outbox by dotted name. The code task draws the
code itself: it is never in an outbox row."""

from celery import shared_task

from . import emails, reminders, retention


@shared_task
def send_cancelled(convention_id: int):
    emails.send_cancelled(convention_id)


@shared_task
def send_link(signature_id: int, reminder: bool = False):
    emails.send_link(signature_id, reminder)


@shared_task
def send_code(signature_id: int):
    emails.send_code(signature_id)


@shared_task
def send_head_code(school_uai: str, email: str):
    emails.send_head_code(school_uai, email)


@shared_task
def send_head_link(convention_id: int):
    emails.send_head_link(convention_id)


@shared_task
def send_signed(convention_id: int):
    emails.send_signed(convention_id)


@shared_task
def send_refused(convention_id: int):
    emails.send_refused(convention_id)


@shared_task
def seal(convention_id: int):
    """The signed convention's PDF, with its evidence page, sealed by the platform."""
    from . import sealing

    sealing.seal(convention_id)


@shared_task
def remind_signatories():
    """Daily: whoever has not signed 3 days after their link gets one reminder."""
    return reminders.remind_signatories()


@shared_task
def erase_expired():
    """Nightly: conventions past their keeping are deleted (conventions/retention.py)."""
    return len(retention.erase(dry_run=False))
