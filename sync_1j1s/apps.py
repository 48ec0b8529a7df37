from django.apps import AppConfig


class Sync1j1sConfig(AppConfig):
    name = "sync_1j1s"
