"""The nightly match: every active saved search against the offers published since the last
run, in one SQL statement (alerts/sql/match.sql), then one deferred e-mail per person with
new matches (outbox). Not a search per saved search: at 50,000 saved searches that was
minutes (docs/performance.md, "Alerts")."""

import datetime
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from offers.models import OfferPeriod
from offers.places import with_places_left
from outbox.services import defer_many
from reference.periods import friday_of
from search.filters import seconde_weeks
from search.queries import EARTH_RADIUS_M
from search.queries.geography import KM_PER_DEGREE

from .models import AlertMatch, SavedSearch

SQL = Path(__file__).parent / "sql" / "match.sql"
DIGEST_TASK = "alerts.tasks.send_digest"


@dataclass(frozen=True)
class RunResult:
    since: datetime.datetime | None
    until: datetime.datetime
    matches: int  # new matches written
    owners: int  # e-mails deferred
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for the benchmark


@cache
def _template() -> str:
    return SQL.read_text()


def _periods_sql(since, until, today) -> tuple[str, list]:
    """The new offers' periods with places left, by offers/places.py's rule, as SQL."""
    periods = (
        with_places_left(
            OfferPeriod.objects.filter(
                offer__search_entry__published_at__gt=since,
                offer__search_entry__published_at__lte=until,
                end__gte=today,
                places__gte=1,
            )
        )
        .filter(left__gte=1)
        .values("offer_id", "start", "end", "left")
    )
    sql, params = periods.query.sql_with_params()
    return sql, list(params)


def _weeks(today: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    (first, _), (second, _) = seconde_weeks(today)
    # A week already over matches nothing (as search.queries.covering).
    return tuple(None if friday_of(monday) < today else monday for monday in (first, second))


def match_sql(since, until, today) -> tuple[str, dict]:
    periods, periods_params = _periods_sql(since, until, today)
    named = {f"p{i}": value for i, value in enumerate(periods_params)}
    periods = periods.replace("%%", "\0") % tuple(f"%({name})s" for name in named)
    week1, week2 = _weeks(today)
    params = {
        **named,
        "since": since,
        "until": until,
        "today": today,
        "week1": week1,
        "week2": week2,
        "km_per_degree": KM_PER_DEGREE,
        "earth_diameter_m": 2 * EARTH_RADIUS_M,
    }
    return _template().format(periods=periods.replace("\0", "%%")), params


def run(now: datetime.datetime | None = None) -> RunResult:
    """Match, move every active watermark to `now`, defer the e-mails: one transaction, so
    a failure leaves the watermarks where they were and the next run takes it all again."""
    until = now or timezone.now()
    seconds = {}
    clock = time.perf_counter()

    def lap(step):
        nonlocal clock
        seconds[step] = time.perf_counter() - clock
        clock = time.perf_counter()

    with transaction.atomic():
        active = SavedSearch.objects.filter(active=True)
        since = active.aggregate(since=Min("checked_until"))["since"]
        matches = 0
        if since is not None and since < until:
            sql, params = match_sql(since, until, timezone.localdate(until))
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                matches = cursor.rowcount
            lap("match")
            active.filter(checked_until__lt=until).update(checked_until=until)
            lap("watermarks")
        owners = owners_waiting()
        defer_many(DIGEST_TASK, [(owner_id,) for owner_id in owners])
        lap("defer")
    return RunResult(since=since, until=until, matches=matches, owners=len(owners), seconds=seconds)


def owners_waiting() -> list[int]:
    """People with matches not yet e-mailed on an active search (including those a
    daily limit held back yesterday)."""
    return list(
        AlertMatch.objects.filter(sent_at=None, saved_search__active=True)
        .values_list("saved_search__owner_id", flat=True)
        .distinct()
        .order_by("saved_search__owner_id")
    )
