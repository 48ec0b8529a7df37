"""A rate limiter shared by every process that calls the national API.

A sliding one-minute log in PostgreSQL (table `RateCall`), serialised by an advisory lock:
whatever the national side's window boundaries, no 60-second span ever holds more than
`NATIONAL_API_RATE_PER_MIN` calls from all our workers together, counted per key: the
national side counts offer calls and sector calls apart (the login not at all), and the
reconciliation takes a second slot under its own key, its share of the offer budget. PostgreSQL rather than
Redis: every worker already depends on it, and it keeps counting while Redis is down.
It must run outside any open transaction (workers hold leases, not transactions).
"""

import random
import time

from django.db import connection, transaction

LOCK_KEY = 715_001  # pg_advisory_xact_lock(LOCK_KEY, hashtext(key)): one lock per key
# Half a second more than the national minute: a call acquired just before a window
# boundary may arrive just after it.
WINDOW_SECONDS = 60.5


def try_acquire(limit: int, key: str = "offers") -> float:
    """Take a slot and return 0, or return how many seconds to wait before the next one."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_KEY, key])
        cursor.execute(
            "DELETE FROM sync_1j1s_ratecall WHERE service = %s "
            "AND at < clock_timestamp() - make_interval(secs => %s)",
            [key, WINDOW_SECONDS * 2],
        )
        cursor.execute(
            "SELECT count(*), extract(epoch FROM min(at) + make_interval(secs => %s) "
            "- clock_timestamp()) FROM sync_1j1s_ratecall "
            "WHERE service = %s AND at > clock_timestamp() - make_interval(secs => %s)",
            [WINDOW_SECONDS, key, WINDOW_SECONDS],
        )
        count, wait = cursor.fetchone()
        if count < limit:
            cursor.execute(
                "INSERT INTO sync_1j1s_ratecall (at, service) VALUES (clock_timestamp(), %s)",
                [key],
            )
            return 0.0
        return max(float(wait or 0), 0.01)


def acquire(limit: int, key: str = "offers", sleep=time.sleep) -> None:
    """Block until this process may make one call counted under `key`."""
    while (wait := try_acquire(limit, key)) > 0:
        sleep(wait + random.uniform(0, 0.05))
