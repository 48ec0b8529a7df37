"""Thin Celery tasks: each calls a service or an e-mail function, testable without a broker."""

from celery import shared_task

from . import emails

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 8}


@shared_task(**RETRY)
def send_new_application(application_id: int):
    emails.send_new_application(application_id)


@shared_task(**RETRY)
def send_answer(application_id: int):
    emails.send_answer(application_id)


@shared_task(**RETRY)
def send_confirmation(application_id: int):
    emails.send_confirmation(application_id)


@shared_task(**RETRY)
def send_cancellation(application_id: int):
    emails.send_cancellation(application_id)


@shared_task(**RETRY)
def send_placement_reminder(school_class_id: int, pupil_ids: list[int]):
    from .reminders import send_class_reminder

    send_class_reminder(school_class_id, pupil_ids)


@shared_task
def remind_unanswered():
    """Daily: organisations with applications unanswered for 7 days get one reminder."""
    from .reminders import remind_unanswered as run

    return run()


@shared_task
def anonymise_former_pupils():
    """Nightly: pupils one year past the end of their school year are anonymised."""
    from .anonymise import anonymise

    return len(anonymise(dry_run=False))
