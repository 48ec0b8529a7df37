from django.apps import AppConfig


class NationalSandboxConfig(AppConfig):
    name = "national_sandbox"
    verbose_name = "Bac à sable de la plateforme nationale"
