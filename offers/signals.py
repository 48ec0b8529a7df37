"""What offers announce, sent inside the transaction of the change.

A receiver's writes (an outbox row for an e-mail, an intent of the national push) commit or
roll back with the change; a receiver that raises undoes it. Receivers subscribe in their
app's `AppConfig.ready()`: the apps reacting to offers import this module, offers import
none of them.
"""

from django.dispatch import Signal

# An offer changed state (`services.move`), the offer row locked and saved.
# Arguments: offer, action (the transition's name), source, target, actor, message.
offer_moved = Signal()

# What a published offer shows outside changed without a move (its organisation's name, say).
# Arguments: offer, action ("update").
offer_changed = Signal()
