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

import contextlib
import datetime
import logging
import time
import uuid
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import time_format

from offers.models import Offer, State
from outbox.backoff import backoff
from outbox.registry import task_named

from .client import Conflict, NationalClient, NotFound, Permanent, Transient
from .errors import explain
from .mapping import Inexpressible, is_concerned, payload, payload_hash, remote_id, tracks_of
from .models import OfferSync, RemoteOffer, RemoteState, Status, SyncIntent

log = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=5)
STALE_AFTER = datetime.timedelta(seconds=30)
# After a transient failure: 5 s, 10 s, 20 s… at most 15 min, with jitter (outbox.backoff).
BACKOFF_FIRST = datetime.timedelta(seconds=5)
BACKOFF_LONGEST = datetime.timedelta(minutes=15)
PUSH_TASK = "sync_1j1s.tasks.push_offer"

ONLINE, OFFLINE, DELETE = "online", "offline", "delete"


def configured() -> bool:
    return bool(settings.NATIONAL_API_URL)


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
    if not configured():
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
    try:
        status, message, error = Pusher(row, client).run()
    except Exception as failure:  # Transient, or a bug: keep the change, back off
        if not isinstance(failure, Transient):
            log.exception("national push of offer %s failed unexpectedly", row.pk)
        return _back_off(row, failure, calls=client.calls - before)
    return _finish(row, intents, status, message, error, calls=client.calls - before)


def _finish(row, intents, status, message, error, calls) -> Outcome:
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


class Pusher:
    """Compare what should be online for one offer with the national side, and act."""

    def __init__(self, row: OfferSync, client: NationalClient):
        self.row = row
        self.client = client
        self.offer = (
            Offer.objects.select_related("organisation__commune", "commune", "sector")
            .prefetch_related("periods")
            .filter(pk=row.pk)
            .first()
        )
        self.remotes = {remote.track: remote for remote in row.remotes.all()}

    def plan(self) -> tuple[dict, dict, list]:
        """{track: ONLINE | OFFLINE | DELETE}, {track: payload}, [problems]."""
        offer = self.offer
        if offer is None or offer.state == State.ARCHIVED:
            return {track: DELETE for track in self.remotes}, {}, []
        desired = {track: OFFLINE for track in self.remotes}
        bodies, problems = {}, []
        if offer.state == State.PUBLISHED:
            for track in tracks_of(offer):
                try:
                    bodies[track] = payload(offer, track)
                    desired[track] = ONLINE
                except Inexpressible as error:
                    problems.append(error.reason)
        return desired, bodies, problems

    def run(self):
        desired, bodies, problems = self.plan()
        failures = []
        for track, goal in desired.items():
            remote = self.remotes.get(track)
            if remote is None:
                remote = RemoteOffer.objects.create(
                    sync=self.row, track=track, remote_id=remote_id(self.row.pk, track)
                )
                self.remotes[track] = remote
            try:
                if goal == ONLINE:
                    self._online(remote, bodies[track])
                elif goal == OFFLINE:
                    self._offline(remote)
                else:
                    self._delete(remote)
            except Permanent as error:
                failures.append(error)
        return self._status(problems, failures)

    def _status(self, problems, failures):
        states = {remote.state for remote in self.remotes.values()}
        if failures:
            return Status.FAILED, explain(failures[0]), failures[0].body
        if problems:
            return Status.INEXPRESSIBLE, " ".join(problems), None
        for state, status in [
            (RemoteState.ONLINE, Status.ONLINE),
            (RemoteState.UNPUBLISHED, Status.UNPUBLISHED),
            (RemoteState.DELETED, Status.DELETED),
        ]:
            if state in states:
                return status, "", None
        return Status.NOTHING, "", None

    def _save(self, remote, **values):
        for name, value in values.items():
            setattr(remote, name, value)
        remote.save()

    def _update_body(self, body):
        published = self.offer.published_at or timezone.now()
        return {k: v for k, v in body.items() if k != "remote_id"} | {
            "published_at": published.isoformat()
        }

    def _online(self, remote, body):
        digest = payload_hash(body)
        if remote.state == RemoteState.ONLINE and remote.payload_hash == digest:
            return
        if remote.state == RemoteState.ABSENT:
            self._create(remote, body)
        else:
            try:
                self.client.update(remote.remote_id, self._update_body(body))
            except NotFound:
                self._create(remote, body)
        self._save(remote, state=RemoteState.ONLINE, payload_hash=digest)

    def _create(self, remote, body):
        # Saved first: if the answer is lost, the offer may exist nationally all the same.
        self._save(remote, state=RemoteState.UNKNOWN)
        try:
            self.client.create(body)
        except Conflict:  # our earlier try was stored: update it instead
            try:
                self.client.update(remote.remote_id, self._update_body(body))
            except NotFound as error:  # deleted for good: that remote_id cannot come back
                raise Permanent(error.status, error.body, "remote_id supprimé") from error

    def _offline(self, remote):
        if remote.state not in (RemoteState.ONLINE, RemoteState.UNKNOWN):
            return
        try:
            self.client.update(remote.remote_id, {"published_at": None})
        except NotFound:
            self._save(remote, state=RemoteState.ABSENT)
            return
        self._save(remote, state=RemoteState.UNPUBLISHED)

    def _delete(self, remote):
        if remote.state in (RemoteState.ABSENT, RemoteState.DELETED):
            return
        with contextlib.suppress(NotFound, Conflict):  # already gone: done
            self.client.delete(remote.remote_id)
        self._save(remote, state=RemoteState.DELETED)


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
