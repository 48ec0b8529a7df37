"""What this process knows of a shared service being unreachable (Redis as cache, as broker).

After a failure, callers skip the service for `RETRY_SECONDS` instead of waiting for its
timeout on every call, then try it again: a page that would touch Redis ten times pays
for one failed connection at most, not ten.
"""

import logging
import time

logger = logging.getLogger(__name__)
RETRY_SECONDS = 10.0


class Outage:
    def __init__(self, name: str):
        self.name = name
        self.until = 0.0  # monotonic time until which the service is skipped

    def is_on(self) -> bool:
        return time.monotonic() < self.until

    def report(self, error: Exception) -> None:
        if not self.is_on():
            logger.warning(
                "%s unreachable (%r): skipped for %.0f s", self.name, error, RETRY_SECONDS
            )
        self.until = time.monotonic() + RETRY_SECONDS

    def clear(self) -> None:
        self.until = 0.0


cache = Outage("Redis cache")
broker = Outage("Celery broker")
