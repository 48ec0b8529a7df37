from django.apps import AppConfig

from accounts.signals import pupil_account_closing


class PlacementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "placements"
    verbose_name = "Candidatures et stages des élèves"

    def ready(self):
        from . import receivers  # it imports models: once the registry is ready

        pupil_account_closing.connect(
            receivers.pupil_account_closing, dispatch_uid="placements.pupil_account_closing"
        )
