"""An offer withdrawn by its host: the applications still waiting for an answer are closed,
and each pupil told (with their teachers) that they may apply elsewhere.

Placements hears of the withdrawal through `offers.signals.offer_moved` and defers the work
through the outbox: closing locks each pupil first (placements' lock order), which the
offer's own transaction, holding the offer row, must not do. Accepted and confirmed stages
stay: the host cancels one explicitly, with a reason, if they cannot host the pupil.
"""

from offers.models import State as OfferState
from outbox.services import defer

from . import services
from .models import Application, AppState

MESSAGE = (
    "La structure d'accueil a retiré cette offre du site : elle ne prend plus de candidatures. "
    "Vous pouvez candidater à d'autres offres."
)


def offer_moved(sender, offer, target, **kwargs):
    """Receiver of `offer_moved`, in the move's transaction: the closing waits in the outbox."""
    if target == OfferState.WITHDRAWN:
        defer("placements.tasks.close_for_withdrawn_offer", offer.pk)


def close_waiting(offer_id: int) -> int:
    """Decline every waiting application of a withdrawn offer; returns how many."""
    count = 0
    waiting = Application.objects.filter(offer_id=offer_id, state=AppState.SUBMITTED)
    for application in waiting.order_by("created_at", "pk"):
        try:
            services.decline(application, None, MESSAGE, offer_withdrawn=True)
        except services.ApplicationError:
            continue  # answered or withdrawn by the pupil meanwhile
        count += 1
    return count
