"""What organisations announce, sent inside the transaction of the change (receivers'
writes commit or roll back with it; they subscribe in their app's `AppConfig.ready()`)."""

from django.dispatch import Signal

# What an organisation shows of itself on its offers changed (`services.SHARED_FIELDS`).
# Arguments: organisation, fields (the names of the fields that changed).
organisation_changed = Signal()
