from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "reference"
    verbose_name = "Référentiels"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import choices
        from .models import Department, Sector

        for model in (Department, Sector):
            post_save.connect(choices.forget, sender=model, dispatch_uid=f"choices-{model}")
            post_delete.connect(choices.forget, sender=model, dispatch_uid=f"choices-d-{model}")
