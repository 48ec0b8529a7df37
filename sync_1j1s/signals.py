"""An offer deleted for good (admin) is deleted from the national platform too."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from offers.models import Offer

from .models import OfferSync, SyncIntent


@receiver(post_delete, sender=Offer)
def offer_deleted(sender, instance, **kwargs):
    from .services import enqueue

    if OfferSync.objects.filter(pk=instance.pk).exists():
        SyncIntent.objects.create(offer_id=instance.pk, action="delete")
        # Bound now: Django sets instance.pk to None once the delete is done, before commit.
        transaction.on_commit(partial(enqueue, instance.pk))
