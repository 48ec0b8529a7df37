from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Alertes"

    def ready(self):
        from accounts.signals import pupil_account_closing

        from . import receivers

        pupil_account_closing.connect(
            receivers.pupil_account_closing, dispatch_uid="alerts.pupil_account_closing"
        )
