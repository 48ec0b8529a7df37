"""Writes of the national push: record changes (the outbox), claim them, push them.

Flow: `record_change` runs inside the transaction that changes an offer (its receivers
subscribe to `offers.signals`) and queues `tasks.push_offer`, by name, on commit. A worker
`claim`s the offer's `OfferSync` row with `SELECT … FOR UPDATE SKIP LOCKED` and takes a lease
on it, so no other worker touches that offer meanwhile (changes to one offer go out in order). It
then compares what should be online with what it knows of the national side, makes the
calls, and marks every intent it saw as done: the newest "sent", older ones "merged".
Transient failures keep the intents pending and back off; `requeue_stale` (beat) queues
whatever waited too long, so a broker or worker outage loses nothing.
"""

import datetime
import logging
import time
import uuid
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import time_format

from offers.models import Offer
from outbox.backoff import backoff
from outbox.registry import task_named

from .client import ConfigurationError, NationalClient, Transient
from .errors import explain
from .mapping import is_concerned
from .models import ConfigurationAlarm, OfferSync, Status, SyncIntent
from .pusher import Pusher

log = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=5)
STALE_AFTER = datetime.timedelta(seconds=30)
# After a transient failure: 5 s, 10 s, 20 s… at most 15 min, with jitter (outbox.backoff).
BACKOFF_FIRST = datetime.timedelta(seconds=5)
BACKOFF_LONGEST = datetime.timedelta(minutes=15)
PUSH_TASK = "sync_1j1s.tasks.push_offer"


def configured() -> bool:
    return bool(settings.NATIONAL_API_URL)


def open_alarm() -> ConfigurationAlarm | None:
    return ConfigurationAlarm.objects.filter(cleared_at__isnull=True).first()


def raise_alarm(error) -> bool:
    """Open the configuration alarm, once: True if this call opened it."""
    try:
        with transaction.atomic():
            ConfigurationAlarm.objects.create(message=explain(error), error=error.body)
    except IntegrityError:  # already open (another worker raised it)
        return False
    log.error("national account refused (%s): the push stops until staff act", error)
    return True


def clear_alarm() -> int:
    """Staff fixed the settings: close the alarm and send what waited."""
    with transaction.atomic():
        ConfigurationAlarm.objects.filter(cleared_at__isnull=True).update(cleared_at=timezone.now())
        ids = list(
            OfferSync.objects.filter(
                Exists(SyncIntent.objects.pending().filter(offer_id=OuterRef("pk")))
            ).values_list("pk", flat=True)
        )
        OfferSync.objects.filter(pk__in=ids).update(attempts=0, next_attempt_at=timezone.now())
        for offer_id in ids:
            transaction.on_commit(partial(enqueue, offer_id))
    return len(ids)


def make_client() -> NationalClient:
    return NationalClient()


# --- the outbox ---


def record_change(offer: Offer, action: str) -> bool:
    """Write the intent to sync `offer`, in the caller's transaction; queue it on commit."""
    if not (is_concerned(offer.publics) or OfferSync.objects.filter(pk=offer.pk).exists()):
        return False
    SyncIntent.objects.create(offer_id=offer.pk, action=action)
    OfferSync.objects.bulk_create([OfferSync(offer_id=offer.pk)], ignore_conflicts=True)
    transaction.on_commit(partial(enqueue, offer.pk))
    return True


def queue_published(offer_ids, action: str = "published") -> int:
    """Record intents for offers published without the services (bulk inserts, an import):
    in the caller's transaction; a few are queued on commit, many wait for the sweep."""
    ids = list(
        Offer.objects.published().filter(pk__in=list(offer_ids)).values_list("pk", "publics")
    )
    ids = [pk for pk, publics in ids if is_concerned(publics)]
    OfferSync.objects.bulk_create(
        [OfferSync(offer_id=pk) for pk in ids], ignore_conflicts=True, batch_size=2000
    )
    SyncIntent.objects.bulk_create(
        [SyncIntent(offer_id=pk, action=action) for pk in ids], batch_size=2000
    )
    if len(ids) <= 200:
        for pk in ids:
            transaction.on_commit(partial(enqueue, pk))
    return len(ids)


def release_held(today=None) -> int:
    """Beat, daily: offers whose school year has come are compared and pushed again."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ids = list(
            OfferSync.objects.select_for_update(skip_locked=True)
            .filter(held_until__lte=today)
            .values_list("pk", flat=True)
        )
        OfferSync.objects.filter(pk__in=ids).update(held_until=None)
        SyncIntent.objects.bulk_create(
            [SyncIntent(offer_id=pk, action="school-year") for pk in ids]
        )
        for pk in ids:  # the limiter paces them like any other push
            transaction.on_commit(partial(enqueue, pk))
    return len(ids)


def enqueue(offer_id: int, countdown: float | None = None) -> None:
    """Queue the push of one offer; a broker outage is logged, the sweep will catch up."""
    if not configured():
        return
    push = task_named(PUSH_TASK)  # a wrong name is a bug, not a broker outage
    try:
        push.apply_async((offer_id,), countdown=countdown, retry=False)
    except Exception:
        log.warning("broker unavailable: offer %s waits for the sweep", offer_id, exc_info=True)


def requeue_stale(now=None, stale_after=STALE_AFTER, limit=2000) -> int:
    """Queue the offers whose changes have waited too long (lost task, broker outage)."""
    if not configured() or open_alarm():
        return 0
    now = now or timezone.now()
    stale = SyncIntent.objects.pending().filter(
        offer_id=OuterRef("pk"), created_at__lte=now - stale_after
    )
    ids = list(
        _claimable(OfferSync.objects.all(), now)
        .filter(Exists(stale))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for offer_id in ids:
        enqueue(offer_id)
    return len(ids)


def retry(offer_ids) -> int:
    """Staff asked to try again now (after fixing a failure, or to cut a back-off short)."""
    count = 0
    with transaction.atomic():
        OfferSync.objects.filter(pk__in=offer_ids).update(
            attempts=0, next_attempt_at=timezone.now()
        )
        for offer_id in offer_ids:
            SyncIntent.objects.create(offer_id=offer_id, action="retry")
            transaction.on_commit(partial(enqueue, offer_id))
            count += 1
    return count


def retry_all() -> int:
    ids = OfferSync.objects.filter(
        Q(status__in=[Status.FAILED, Status.INEXPRESSIBLE]) | Q(attempts__gt=0)
    ).values_list("pk", flat=True)
    return retry(list(ids))


# --- claiming ---


def _claimable(queryset, now):
    return queryset.filter(
        Q(lease_until__isnull=True) | Q(lease_until__lt=now), next_attempt_at__lte=now
    ).filter(Exists(SyncIntent.objects.pending().filter(offer_id=OuterRef("pk"))))


def claim(offer_id=None, now=None):
    """Lease one due offer (this one, or the longest waiting): (row, pending intent ids)."""
    now = now or timezone.now()
    if open_alarm():  # the account is refused: nothing goes out until staff clear it
        return None, []
    queryset = (
        OfferSync.objects.all() if offer_id is None else OfferSync.objects.filter(pk=offer_id)
    )
    with transaction.atomic():
        row = (
            _claimable(queryset, now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at")
            .first()
        )
        if row is None:
            return None, []
        intents = list(
            SyncIntent.objects.pending()
            .filter(offer_id=row.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        row.lease_token = uuid.uuid4()
        row.lease_until = now + LEASE
        row.save(update_fields=["lease_token", "lease_until"])
    return row, intents


# --- pushing ---


@dataclass
class Outcome:
    claimed: bool
    offer_id: int | None = None
    status: str = ""
    retry_in: float | None = None
    more: bool = False
    calls: int = 0


def sync_offer(offer_id=None, client=None) -> Outcome:
    """Claim one offer (or the longest waiting) and bring the national side in line."""
    row, intents = claim(offer_id)
    if row is None:
        return Outcome(claimed=False)
    client = client or make_client()
    before = client.calls
    pusher = Pusher(row, client)
    try:
        status, message, error = pusher.run()
    except ConfigurationError as refusal:  # the account itself: alarm, the changes wait
        raise_alarm(refusal)
        return _release(row, calls=client.calls - before)
    except Exception as failure:  # Transient, or a bug: keep the change, back off
        if not isinstance(failure, Transient):
            log.exception("national push of offer %s failed unexpectedly", row.pk)
        return _back_off(row, failure, calls=client.calls - before)
    return _finish(
        row, intents, status, message, error, calls=client.calls - before, held=pusher.release_on
    )


def _release(row, calls) -> Outcome:
    """Give the lease back, changes pending: they go once the alarm is cleared."""
    with transaction.atomic():
        locked = OfferSync.objects.select_for_update().get(pk=row.pk)
        if locked.lease_token == row.lease_token:
            locked.status = Status.WAITING
            locked.message = (
                "En attente : la plateforme nationale refuse le compte de la Région "
                "(alarme de configuration)."
            )
            locked.lease_token = locked.lease_until = None
            locked.save()
    return Outcome(claimed=True, offer_id=row.pk, status=Status.WAITING, calls=calls)


def _finish(row, intents, status, message, error, calls, held=None) -> Outcome:
    now = timezone.now()
    with transaction.atomic():
        locked = OfferSync.objects.select_for_update().get(pk=row.pk)
        if locked.lease_token != row.lease_token:
            log.warning("lease on offer %s lost: its changes stay pending", row.pk)
            return Outcome(claimed=True, offer_id=row.pk, more=True, calls=calls)
        outcome = {
            Status.FAILED: SyncIntent.Outcome.FAILED,
            Status.INEXPRESSIBLE: SyncIntent.Outcome.FAILED,
            Status.NOTHING: SyncIntent.Outcome.NOTHING,
        }.get(status, SyncIntent.Outcome.SENT)
        SyncIntent.objects.filter(pk__in=intents[:-1]).update(
            processed_at=now, outcome=SyncIntent.Outcome.MERGED
        )
        SyncIntent.objects.filter(pk__in=intents[-1:]).update(processed_at=now, outcome=outcome)
        locked.status, locked.message, locked.error = status, message, error
        locked.held_until = held
        locked.attempts = 0
        locked.next_attempt_at = now
        locked.lease_token = locked.lease_until = None
        if status not in (Status.FAILED, Status.INEXPRESSIBLE):
            locked.synced_at = now
        locked.save()
        more = SyncIntent.objects.pending().filter(offer_id=row.pk).exists()
    return Outcome(claimed=True, offer_id=row.pk, status=status, more=more, calls=calls)


def _back_off(row, failure, calls) -> Outcome:
    attempts = row.attempts + 1
    wait = backoff(attempts, first=BACKOFF_FIRST, longest=BACKOFF_LONGEST, jitter=True)
    delay = wait.total_seconds()
    when = timezone.now() + wait
    with transaction.atomic():
        locked = OfferSync.objects.select_for_update().get(pk=row.pk)
        if locked.lease_token == row.lease_token:
            locked.status = Status.WAITING
            locked.message = (
                f"La plateforme nationale n'a pas répondu correctement ({failure}) : nouvel "
                f"essai automatique vers {time_format(timezone.localtime(when), 'H:i')}."
            )
            locked.attempts = attempts
            locked.next_attempt_at = when
            locked.lease_token = locked.lease_until = None
            locked.save()
    return Outcome(
        claimed=True, offer_id=row.pk, status=Status.WAITING, retry_in=delay, calls=calls
    )


# --- synchronous draining (manage.py sync_1j1s --drain, tests) ---


def pending_count() -> int:
    return SyncIntent.objects.pending().values("offer_id").distinct().count()


def drain(client=None, progress=None, max_wait=30.0) -> dict:
    """Push everything pending; return when only permanent failures are left."""
    client = client or make_client()
    done = 0
    while True:
        outcome = sync_offer(client=client)
        if outcome.claimed:
            done += 1
            if progress:
                progress(done, outcome)
            continue
        waiting = OfferSync.objects.filter(
            Exists(SyncIntent.objects.pending().filter(offer_id=OuterRef("pk")))
        )
        soonest = waiting.order_by("next_attempt_at").values_list("next_attempt_at", flat=True)
        first = soonest.first()
        if first is None:
            break
        wait = (first - timezone.now()).total_seconds()
        time.sleep(min(max(wait, 0.2), max_wait))
    return {"processed": done}
