from django.apps import AppConfig

from placements.signals import placement_cancelled, placement_confirmed, pupils_anonymised


class ConventionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conventions"
    verbose_name = "Conventions de stage"

    def ready(self):
        from placements import annotations

        from . import columns, receivers  # they import models: once the registry is ready

        annotations.class_column(columns.HEADING, columns.class_cells)
        annotations.application_cell(columns.inbox_cells)

        placement_confirmed.connect(
            receivers.placement_confirmed, dispatch_uid="conventions.placement_confirmed"
        )
        placement_cancelled.connect(
            receivers.placement_cancelled, dispatch_uid="conventions.placement_cancelled"
        )
        pupils_anonymised.connect(
            receivers.pupils_anonymised, dispatch_uid="conventions.pupils_anonymised"
        )
