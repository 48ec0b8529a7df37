from django.apps import AppConfig
from django.db.models.signals import post_delete

from offers.signals import offer_changed, offer_moved


class Sync1j1sConfig(AppConfig):
    name = "sync_1j1s"
    verbose_name = "Plateforme nationale (1élève1stage, 1j1s)"

    def ready(self):
        from offers.models import Offer

        from . import receivers  # they import models: once the registry is ready

        offer_moved.connect(receivers.offer_moved, dispatch_uid="sync_1j1s.offer_moved")
        offer_changed.connect(receivers.offer_changed, dispatch_uid="sync_1j1s.offer_changed")
        post_delete.connect(
            receivers.offer_deleted, sender=Offer, dispatch_uid="sync_1j1s.offer_deleted"
        )
