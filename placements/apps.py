from django.apps import AppConfig

from accounts.signals import pupil_account_closing
from offers.signals import offer_moved


class PlacementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "placements"
    verbose_name = "Candidatures et stages des élèves"

    def ready(self):
        from . import receivers, withdrawals  # they import models: once the registry is ready

        pupil_account_closing.connect(
            receivers.pupil_account_closing, dispatch_uid="placements.pupil_account_closing"
        )
        offer_moved.connect(withdrawals.offer_moved, dispatch_uid="placements.offer_withdrawn")
