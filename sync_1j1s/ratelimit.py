"""A rate limiter shared by every process that calls the national API.

A sliding one-minute log in PostgreSQL (table `RateCall`), serialised by an advisory lock:
whatever the national side's window boundaries, no 60-second span ever holds more than
`NATIONAL_API_RATE_PER_MIN` calls from all our workers together. PostgreSQL rather than
Redis: every worker already depends on it, and it keeps counting while Redis is down.
It must run outside any open transaction (workers hold leases, not transactions).
"""

import random
import time

from django.db import connection, transaction

LOCK_KEY = 715_001  # pg_advisory_xact_lock key of the limiter
# Half a second more than the national minute: a call acquired just before a window
# boundary may arrive just after it.
WINDOW_SECONDS = 60.5


def try_acquire(limit: int) -> float:
    """Take a slot and return 0, or return how many seconds to wait before the next one."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(
            "DELETE FROM sync_1j1s_ratecall WHERE at < clock_timestamp() - make_interval(secs => %s)",
            [WINDOW_SECONDS * 2],
        )
        cursor.execute(
            "SELECT count(*), extract(epoch FROM min(at) + make_interval(secs => %s) "
            "- clock_timestamp()) FROM sync_1j1s_ratecall "
            "WHERE at > clock_timestamp() - make_interval(secs => %s)",
            [WINDOW_SECONDS, WINDOW_SECONDS],
        )
        count, wait = cursor.fetchone()
        if count < limit:
            cursor.execute("INSERT INTO sync_1j1s_ratecall (at) VALUES (clock_timestamp())")
            return 0.0
        return max(float(wait or 0), 0.01)


def acquire(limit: int, sleep=time.sleep) -> None:
    """Block until this process may make one call."""
    while (wait := try_acquire(limit)) > 0:
        sleep(wait + random.uniform(0, 0.05))
