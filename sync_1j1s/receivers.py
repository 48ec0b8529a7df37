"""What the national push reacts to (connected in `Sync1j1sConfig.ready()`).

Every receiver runs inside the transaction of the change, so the intent is written with
it or not at all (`services.record_change`); the push is queued once it commits.
"""

from functools import partial

from django.db import transaction

from . import services
from .models import OfferSync, SyncIntent


def offer_moved(sender, offer, action, **kwargs):
    """An offer changed state (`offers.signals.offer_moved`)."""
    services.record_change(offer, action)


def offer_changed(sender, offer, action, **kwargs):
    """What a published offer shows changed (`offers.signals.offer_changed`)."""
    services.record_change(offer, action)


def offer_deleted(sender, instance, **kwargs):
    """An offer deleted for good (admin) is deleted from the national platform too."""
    if OfferSync.objects.filter(pk=instance.pk).exists():
        SyncIntent.objects.create(offer_id=instance.pk, action="delete")
        # Bound now: Django sets instance.pk to None once the delete is done, before commit.
        transaction.on_commit(partial(services.enqueue, instance.pk))
