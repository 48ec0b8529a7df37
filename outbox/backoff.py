"""The one back-off of the platform: how long a failed piece of work waits before its next try.

The outbox's deferred tasks and the national push both use it (with their own first wait
and ceiling). The doubling is Celery's own, the one behind `retry_backoff`.
"""

import random
from datetime import timedelta

from celery.utils.time import get_exponential_backoff_interval


def backoff(
    attempts: int,
    first: timedelta = timedelta(minutes=1),
    longest: timedelta = timedelta(hours=1),
    jitter: bool = False,
) -> timedelta:
    """Wait after the n-th failure in a row: first, 2 × first, 4 × first… at most `longest`.

    With `jitter`, a random 50 to 100 % of it: workers that failed together do not all come
    back together, and none retries at once.
    """
    seconds = get_exponential_backoff_interval(
        factor=int(first.total_seconds()),
        retries=max(attempts - 1, 0),
        maximum=int(longest.total_seconds()),
    )
    if jitter:
        seconds *= random.uniform(0.5, 1.0)
    return timedelta(seconds=seconds)
