"""Thin Celery tasks: the nightly match (beat) and one person's e-mail (outbox)."""

from celery import shared_task

from . import emails, matching


@shared_task
def match_new_offers():
    """Nightly (beat): the saved searches against the offers published since the last run."""
    result = matching.run()
    return {"matches": result.matches, "emails": result.owners}


@shared_task
def send_digest(owner_id: int):
    emails.send_digest(owner_id)
