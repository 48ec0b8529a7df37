from django.apps import AppConfig

from organisations.signals import organisation_changed

from .signals import offer_moved


class OffersConfig(AppConfig):
    name = "offers"

    def ready(self):
        from . import emails, receivers  # they import models: once the registry is ready

        offer_moved.connect(emails.defer_decision_email, dispatch_uid="offers.decision_email")
        organisation_changed.connect(
            receivers.organisation_changed, dispatch_uid="offers.organisation_changed"
        )
