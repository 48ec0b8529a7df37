from django.apps import AppConfig


class RegisterSandboxConfig(AppConfig):
    name = "register_sandbox"
    verbose_name = "Bac à sable du répertoire des entreprises"
