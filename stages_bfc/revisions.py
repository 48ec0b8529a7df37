"""Moderated revisions of texts the public already sees.

The subject's own columns always hold the approved values: every reader (public pages,
search, the national push, the 1j1s feed) keeps reading them and needs no change. What a
member proposes waits in a revision row (one pending at most per subject) until a moderator
approves it (its values are copied onto the subject) or refuses it (with a message).

A moderated model gets a concrete subclass of `Revision` with a foreign key to it, named by
`SUBJECT`, and its list of `MODERATED_FIELDS`; values are stored as JSON, so a field whose
value is not a string, a number or a boolean is moderated by its attname (`sector_id`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone


class RevisionStatus(models.TextChoices):
    PENDING = "pending", "En attente de modération"
    APPROVED = "approved", "Validée"
    REFUSED = "refused", "Refusée"


@dataclass(frozen=True)
class Change:
    """One field of a revision: the approved value and the proposed one."""

    field: str
    label: str
    approved: object
    proposed: object


class Revision(models.Model):
    SUBJECT: str = ""  # the name of the foreign key to the moderated object
    MODERATED_FIELDS: tuple[str, ...] = ()

    proposed = models.JSONField("valeurs proposées", default=dict)
    status = models.CharField(
        "état", max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField("message aux membres", blank=True)

    class Meta:
        abstract = True

    @property
    def subject(self):
        return getattr(self, self.SUBJECT)

    @property
    def is_pending(self):
        return self.status == RevisionStatus.PENDING

    @property
    def version(self) -> str:
        """What the moderator's decision form carries back: a member's later edit changes it,
        and a decision on a text the moderator did not see is refused."""
        return self.updated_at.isoformat()

    @property
    def proposed_labels(self) -> list[str]:
        """The names of the fields proposed (still meaningful once decided)."""
        meta = self._meta.get_field(self.SUBJECT).related_model._meta
        return [str(meta.get_field(name).verbose_name) for name in self.proposed]

    def changes(self) -> list[Change]:
        """The per-field diff, old → new, against the values approved today."""
        subject = self.subject
        return [
            Change(name, subject._meta.get_field(name).verbose_name, getattr(subject, name), value)
            for name, value in self.proposed.items()
            if getattr(subject, name) != value
        ]


# The writes below run inside the caller's transaction, with the subject's row locked.


def propose(revision_model, subject, edited: dict, author):
    """Record what a member typed for the moderated fields; return the pending revision,
    or None when nothing differs from the approved values (a pending one is then dropped:
    the member typed the approved text back)."""
    proposed = {name: edited[name] for name in revision_model.MODERATED_FIELDS if name in edited}
    proposed = {name: value for name, value in proposed.items() if getattr(subject, name) != value}
    pending = (
        revision_model.objects.select_for_update()
        .filter(**{revision_model.SUBJECT: subject}, status=RevisionStatus.PENDING)
        .first()
    )
    if not proposed:
        if pending:
            pending.delete()
        return None
    if pending is None:
        pending = revision_model(**{revision_model.SUBJECT: subject})
    elif pending.proposed == proposed:
        return pending  # unchanged: its version stays the one a moderator may be reading
    pending.proposed = proposed
    pending.author = author
    pending.save()
    return pending


def approve(revision: Revision, moderator) -> list[str]:
    """Copy the proposed values onto the (unsaved) subject; return the changed field names."""
    changed = [change.field for change in revision.changes()]
    for name in changed:
        setattr(revision.subject, name, revision.proposed[name])
    _decide(revision, RevisionStatus.APPROVED, moderator, "")
    return changed


def refuse(revision: Revision, moderator, message: str) -> None:
    _decide(revision, RevisionStatus.REFUSED, moderator, message)


class RevisionDecided(Exception):
    """The revision is no longer pending (another moderator, or the member, got there first)."""


class RevisionChanged(Exception):
    """The member changed the revision since the moderator read it."""


def lock_pending(revision_model, pk, version: str):
    """The pending revision as the moderator read it (`version`), locked for the decision."""
    locked = revision_model.objects.select_for_update().filter(pk=pk).first()
    if locked is None or not locked.is_pending:
        raise RevisionDecided
    if locked.version != version:
        raise RevisionChanged
    return locked


def _decide(revision, status, moderator, message):
    revision.status = status
    revision.decided_by = moderator
    revision.decided_at = timezone.now()
    revision.message = message
    revision.save(update_fields=["status", "decided_by", "decided_at", "message", "updated_at"])
