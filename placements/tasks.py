"""Thin Celery tasks: each calls a service or an e-mail function, testable without a broker.

The e-mail tasks are deferred through the outbox (`outbox.services.defer`), which runs them
with `.run()` and retries them itself: they carry no retry options of their own. Each sends
to one audience, so that a retry after a failure does not send the same message twice.
"""

from celery import shared_task

from . import emails, lapsing, reminders, thanks, withdrawals
from .anonymise import anonymise


@shared_task
def send_new_application(application_id: int):
    emails.send_new_application(application_id)


@shared_task
def send_answer(application_id: int):
    emails.send_answer(application_id)


@shared_task
def send_confirmation(application_id: int):
    emails.send_confirmation(application_id)


@shared_task
def send_cancellation(application_id: int):
    emails.send_cancellation(application_id)


@shared_task
def send_code_reset(reset_id: int):
    emails.send_code_reset(reset_id)


@shared_task
def send_placement_reminder(school_class_id: int, pupil_id: int | list[int]):
    """One pupil's reminder. A list of pupils (recorded by an older version) is split into
    one deferred task per pupil."""
    if isinstance(pupil_id, list):
        reminders.defer_class_reminders(school_class_id, pupil_id)
    else:
        reminders.send_class_reminder(school_class_id, pupil_id)


@shared_task
def send_unanswered_reminder(organisation_id: int, application_ids: list[int]):
    reminders.send_unanswered_reminder(organisation_id, application_ids)


@shared_task
def remind_unanswered():
    """Daily: organisations with applications unanswered for 7 days get one reminder."""
    return reminders.remind_unanswered()


@shared_task
def send_lapsed(application_id: int):
    emails.send_lapsed(application_id)


@shared_task
def send_offer_withdrawn(application_id: int):
    emails.send_offer_withdrawn(application_id)


@shared_task
def lapse_unanswered():
    """Nightly: applications unanswered by their deadline are closed, the pupil told."""
    return lapsing.lapse_unanswered()


@shared_task
def send_daily_digests():
    """Every morning: members who chose a daily digest get one if anything came in."""
    return reminders.send_daily_digests()


@shared_task
def send_digest(membership_id: int, since: str, until: str):
    reminders.send_digest(membership_id, since, until)


@shared_task
def anonymise_former_pupils():
    """Nightly: pupils one year past the end of their school year are anonymised."""
    return len(anonymise(dry_run=False))


@shared_task
def close_for_withdrawn_offer(offer_id: int):
    """An offer was withdrawn: its waiting applications are closed, the pupils told."""
    return withdrawals.close_waiting(offer_id)


@shared_task
def thank_hosts():
    """Daily: organisations whose stages ended are thanked, once per school year's stages."""
    return thanks.thank_hosts()


@shared_task
def send_thanks(organisation_id: int, school_year: int):
    thanks.send_thanks(organisation_id, school_year)
