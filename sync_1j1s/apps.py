from django.apps import AppConfig


class Sync1j1sConfig(AppConfig):
    name = "sync_1j1s"
    verbose_name = "Plateforme nationale (1élève1stage, 1j1s)"

    def ready(self):
        from . import signals  # noqa: F401
