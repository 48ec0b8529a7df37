"""How offers react to the other apps' announcements (connected in `OffersConfig.ready()`)."""

from django.utils import timezone

from .models import Offer
from .signals import offer_changed


def organisation_changed(sender, organisation, **kwargs):
    """What the published offers show of their organisation changed: their version moves
    (the 1j1s feed's `sourceUpdatedAt`) and each announces it (the national push)."""
    published = Offer.objects.published().filter(organisation=organisation)
    published.update(updated_at=timezone.now())
    for offer in published.only("pk", "publics").order_by("pk"):
        offer_changed.send(Offer, offer=offer, action="update")
