from stages_bfc.mail import send_templated

from .models import Offer


def organisation_recipients(offer: Offer) -> list[str]:
    return list(offer.organisation.memberships.active().values_list("user__email", flat=True))


def send_decision(offer: Offer, action: str, message: str) -> None:
    recipients = organisation_recipients(offer)
    if recipients:
        send_templated(f"offer_{action}", recipients, {"offer": offer, "message": message})
