from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        # allauth's signals module and the receivers import models: once the registry is ready.
        from allauth.mfa.signals import authenticator_added

        from . import receivers

        authenticator_added.connect(
            receivers.activation_passes_the_second_factor,
            dispatch_uid="accounts.activation_passes_the_second_factor",
        )
