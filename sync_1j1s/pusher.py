"""One offer against the national side: what should be online, the calls, the echo check.

`Pusher(row, client).run()` compares what should be online *now* (from the offer as it is)
with what we know of each national offer (`RemoteOffer`), makes only the calls needed and
returns (status, message, error). It never trusts a PATCH 200 to mean "online": PATCH finds
deleted offers too; only our own DELETE or the listing's silence tells that one is gone.
"""

import contextlib

from django.utils import timezone

from offers.models import Offer, State

from .client import ConfigurationError, Conflict, NotFound, Permanent
from .errors import explain
from .mapping import Held, Inexpressible, next_release, payload, payload_hash, remote_id, tracks_of
from .models import OfferSync, RemoteOffer, RemoteState, Status

ONLINE, OFFLINE, DELETE = "online", "offline", "delete"


class EchoMismatch(Permanent):
    """The platform stored less than we sent (an unknown week or grade, dropped silently)."""

    def __init__(self, weeks, grades, body):
        self.weeks, self.grades = sorted(weeks), sorted(grades)
        parts = [f"la semaine {week} n'existe pas sur la plateforme nationale" for week in weeks]
        parts += [
            f"le niveau « {grade} » n'existe pas sur la plateforme nationale" for grade in grades
        ]
        super().__init__(None, body, " ; ".join(parts))


def check_echo(sent: dict, answer) -> None:
    """Compare the weeks and grades the answer echoes with those sent."""
    if not isinstance(answer, dict):
        return
    weeks = set(sent.get("weeks") or []) - set(answer.get("weeks") or [])
    grades = set(sent.get("grades") or []) - set(answer.get("grades") or [])
    if "weeks" not in answer:
        weeks = set()
    if "grades" not in answer:
        grades = set()
    if weeks or grades:
        raise EchoMismatch(weeks, grades, {"sent": sent.get("weeks"), "echo": answer.get("weeks")})


class Pusher:
    """Compare what should be online for one offer with the national side, and act."""

    def __init__(self, row: OfferSync, client):
        self.row = row
        self.client = client
        self.offer = (
            Offer.objects.select_related("organisation__commune", "commune", "sector")
            .prefetch_related("periods")
            .filter(pk=row.pk)
            .first()
        )
        self.remotes = {remote.track: remote for remote in row.remotes.all()}
        self.held = []  # Held of each track waiting for its school year
        self.release_on = None  # when to look at the offer again (a later year's weeks)

    def plan(self) -> tuple[dict, dict, list]:
        """{track: ONLINE | OFFLINE | DELETE}, {track: payload}, [problems]."""
        offer = self.offer
        if offer is None or offer.state == State.ARCHIVED:
            return {track: DELETE for track in self.remotes}, {}, []
        desired = {track: OFFLINE for track in self.remotes}
        bodies, problems = {}, []
        if offer.state == State.PUBLISHED:
            today = timezone.localdate()
            self.release_on = next_release(offer, today)
            for track in tracks_of(offer):
                try:
                    bodies[track] = payload(offer, track, today)
                    desired[track] = ONLINE
                except Held as held:
                    self.held.append(held)
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
            except ConfigurationError:
                raise  # the account itself: the caller raises the alarm
            except Permanent as error:
                failures.append(error)
        return self._status(problems, failures)

    def _held_note(self) -> str:
        if not self.held:
            return ""
        held = min(self.held, key=lambda h: h.release_on)
        return f"L'offre {held.reason} (début de son année scolaire sur la plateforme nationale)."

    def _status(self, problems, failures):
        states = {remote.state for remote in self.remotes.values()}
        if failures:
            return Status.FAILED, explain(failures[0]), failures[0].body
        if problems:
            return Status.INEXPRESSIBLE, " ".join(problems), None
        if RemoteState.ONLINE in states:
            return Status.ONLINE, self._held_note(), None
        if self.held:
            return Status.HELD, self._held_note(), None
        for state, status in [
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
        if remote.state == RemoteState.DELETED:
            # A deleted remote_id never comes back, and PATCH would answer 200 all the same.
            raise Permanent(None, None, "remote_id supprimé")
        if remote.state == RemoteState.MISSING:
            answer = self._recreate(remote, body)
        elif remote.state == RemoteState.ABSENT:
            answer = self._create(remote, body)
        else:
            try:
                answer = self.client.update(remote.remote_id, self._update_body(body))
            except NotFound:
                answer = self._create(remote, body)
        try:
            check_echo(body, answer)
        except EchoMismatch:
            # Online, but not as sent: no hash, so "Relancer" sends and checks again.
            self._save(remote, state=RemoteState.ONLINE, payload_hash="")
            raise
        self._save(remote, state=RemoteState.ONLINE, payload_hash=digest)

    def _create(self, remote, body):
        # Saved first: if the answer is lost, the offer may exist nationally all the same.
        self._save(remote, state=RemoteState.UNKNOWN)
        try:
            return self.client.create(body)
        except Conflict:  # our earlier try was stored: update it instead
            try:
                return self.client.update(remote.remote_id, self._update_body(body))
            except NotFound as error:  # deleted for good: that remote_id cannot come back
                raise Permanent(error.status, error.body, "remote_id supprimé") from error

    def _recreate(self, remote, body):
        """Not listed nationally: create it; a 409 then means it exists, deleted (PATCH would
        answer 200 all the same)."""
        try:
            answer = self.client.create(body)
        except Conflict as error:
            self._save(remote, state=RemoteState.DELETED)
            raise Permanent(error.status, error.body, "remote_id supprimé") from error
        return answer

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
