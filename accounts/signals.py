"""What accounts announce, sent inside the transaction of the change (receivers' writes commit
or roll back with it; they subscribe in their app's `AppConfig.ready()`)."""

from django.dispatch import Signal

# A pupil closes their account (`views.delete_account`). The account is not deleted: the apps
# holding the pupil's data release and anonymise it (placements: applications, classes).
# Arguments: pupil.
pupil_account_closing = Signal()
