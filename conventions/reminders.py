"""Reminders: a signatory who has not signed 3 days after their link (or their last
reminder) gets another one; the head, once the others have signed."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outbox.services import defer

from .models import Party, Signature, State

REMIND_AFTER = timedelta(days=3)


def remind_signatories(now=None) -> int:
    now = now or timezone.now()
    due = Signature.objects.filter(
        convention__state=State.SIGNING, signed_at=None, link_sent_at__lt=now - REMIND_AFTER
    ).filter(~Q(party=Party.HEAD) | Q(link_sent_at__isnull=False))
    count = 0
    with transaction.atomic():
        for signature in due.select_for_update(of=("self",)):
            signature.link_sent_at = now
            signature.save(update_fields=["link_sent_at"])
            if signature.party == Party.HEAD:
                defer("conventions.tasks.send_head_link", signature.convention_id)
            else:
                defer("conventions.tasks.send_link", signature.pk, True)
            count += 1
    return count
