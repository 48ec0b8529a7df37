"""Who is told what about an offer: the employer, of the moderators' decisions."""

from outbox.services import defer
from stages_bfc.mail import send_templated

from .models import Offer, OfferRevision

# The employer is told of these decisions by e-mail.
NOTIFIED = {"approve", "reject", "request_changes", "unpublish_after_report"}


def defer_decision_email(sender, offer: Offer, action: str, message: str = "", **kwargs):
    """Receiver of `offer_moved`: the outbox row of the e-mail, in the move's transaction."""
    if action in NOTIFIED:
        defer("offers.tasks.send_decision_email", offer.pk, action, message)


def organisation_recipients(offer: Offer) -> list[str]:
    return list(offer.organisation.memberships.active().values_list("user__email", flat=True))


def send_decision(offer: Offer, action: str, message: str) -> None:
    recipients = organisation_recipients(offer)
    if recipients:
        send_templated(f"offer_{action}", recipients, {"offer": offer, "message": message})


def send_revision_decision(revision: OfferRevision) -> None:
    """The moderator's decision on a published offer's revised texts (approved or refused)."""
    recipients = organisation_recipients(revision.offer)
    if recipients:
        send_templated(
            f"offer_revision_{revision.status}",
            recipients,
            {"offer": revision.offer, "revision": revision, "fields": revision.proposed_labels},
        )
