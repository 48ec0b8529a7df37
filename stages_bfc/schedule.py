"""What beat runs, and when (Europe/Paris). Each task's module says what it does."""

from celery.schedules import crontab


def beat_schedule(*, figures_refresh_minutes: int) -> dict:
    return {
        # /sante/ reads it: beat and a worker are alive.
        "worker-heartbeat": {"task": "pages.tasks.heartbeat", "schedule": 60.0},
        "expire-offers": {
            "task": "offers.tasks.expire_offers",
            "schedule": crontab(minute=5, hour=0),
        },
        # E-mails and other deferred tasks the broker or a worker lost.
        "outbox-sweep": {"task": "outbox.tasks.sweep_pending", "schedule": 60.0},
        # National push: queue whatever waited too long (lost task, broker outage).
        "sync-1j1s-sweep": {"task": "sync_1j1s.tasks.sweep", "schedule": 60.0},
        # Offers held for a later school year go out when it begins (1 July).
        "sync-1j1s-release-held": {
            "task": "sync_1j1s.tasks.release_held",
            "schedule": crontab(minute=1, hour=0),
        },
        # The national listing compared with what should be online; differences repaired.
        "sync-1j1s-reconcile": {
            "task": "sync_1j1s.tasks.reconcile",
            "schedule": crontab(minute=40, hour=3),
        },
        "remind-unanswered-applications": {
            "task": "placements.tasks.remind_unanswered",
            "schedule": crontab(minute=15, hour=8),
        },
        # Applications past their answer deadline close (placements/lapsing.py).
        "lapse-unanswered-applications": {
            "task": "placements.tasks.lapse_unanswered",
            "schedule": crontab(minute=20, hour=0),
        },
        # Hosts whose stages ended are thanked (placements/thanks.py).
        "thank-hosts": {
            "task": "placements.tasks.thank_hosts",
            "schedule": crontab(minute=30, hour=9),
        },
        "daily-application-digests": {
            "task": "placements.tasks.send_daily_digests",
            "schedule": crontab(minute=0, hour=7),
        },
        "refresh-figures": {
            "task": "figures.tasks.refresh",
            "schedule": 60.0 * figures_refresh_minutes,
        },
        # May and June: the schools furthest behind and the weeks short of places (figures/weekly.py).
        "figures-weekly-email": {
            "task": "figures.tasks.weekly_email",
            "schedule": crontab(minute=30, hour=7, day_of_week=1),
        },
        "remind-convention-signatories": {
            "task": "conventions.tasks.remind_signatories",
            "schedule": crontab(minute=45, hour=8),
        },
        # Saved searches: the offers published since the last run, one e-mail a person at most.
        "alerts-match-new-offers": {
            "task": "alerts.tasks.match_new_offers",
            "schedule": crontab(minute=0, hour=6),
        },
        # SIRETs the company register could not confirm at sign-up; the others monthly.
        "recheck-company-register": {
            "task": "organisations.tasks.recheck_register",
            "schedule": 60.0,  # one indexed query when nothing is due
        },
        "anonymise-former-pupils": {
            "task": "placements.tasks.anonymise_former_pupils",
            "schedule": crontab(minute=30, hour=2),
        },
        # Conventions past their legal keeping, with the family data they hold.
        "erase-expired-conventions": {
            "task": "conventions.tasks.erase_expired",
            "schedule": crontab(minute=50, hour=2),
        },
    }
