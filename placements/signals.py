"""What placements announce, sent inside the transaction of the change.

- `placement_confirmed(sender, application=None, external=None)`: a pupil's placement is
  settled, on the platform (a confirmed application) or found elsewhere (an external one).
- `placement_cancelled(sender, application, reason)`: a confirmed placement is cancelled.
- `pupils_anonymised(sender, pupil_ids)`: former pupils were anonymised (or one closed
  their account); whoever keeps data about them forgets what they need not keep.

The apps that react (conventions) connect in their `ready()`; placements imports none.
"""

from django.dispatch import Signal

placement_confirmed = Signal()
placement_cancelled = Signal()
pupils_anonymised = Signal()
