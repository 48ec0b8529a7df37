from django.apps import AppConfig

from placements.signals import placement_cancelled, placement_confirmed


class ConventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conventions"
    verbose_name = "Conventions de stage"

    def ready(self):
        from . import receivers  # it imports models: once the registry is ready

        placement_confirmed.connect(
            receivers.placement_confirmed, dispatch_uid="conventions.placement_confirmed"
        )
        placement_cancelled.connect(
            receivers.placement_cancelled, dispatch_uid="conventions.placement_cancelled"
        )
