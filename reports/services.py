"""Writes on reports: filing one, and handling an offer's open reports in one transaction."""

from django.db import transaction
from django.utils import timezone

from offers import services as offer_services
from offers.models import Offer

from .models import OfferReport, Outcome


def report_offer(offer: Offer, *, reason: str, details: str = "", reporter=None) -> OfferReport:
    """File a report; anonymous reporters (`reporter=None`) are welcome."""
    return OfferReport.objects.create(
        offer=offer,
        reason=reason,
        details=details,
        reporter=reporter if reporter and reporter.is_authenticated else None,
    )


def _close_open_reports(offer: Offer, actor, outcome: str, note: str) -> int:
    return (
        OfferReport.objects.open()
        .filter(offer=offer)
        .update(handled_at=timezone.now(), handled_by=actor, outcome=outcome, note=note)
    )


def dismiss_reports(offer: Offer, actor, note: str = "") -> int:
    """Close the offer's open reports without touching the offer; returns how many."""
    with transaction.atomic():
        # The offer's row lock serialises this with a concurrent unpublishing.
        Offer.objects.select_for_update().filter(pk=offer.pk).first()
        return _close_open_reports(offer, actor, Outcome.DISMISSED, note)


def unpublish_offer(offer: Offer, actor, message: str) -> int:
    """Take the offer offline (back to the employer, who gets `message` by e-mail after
    commit) and close its open reports, all or nothing; returns how many reports closed.

    Raises offers.services.TransitionNotAllowed when the offer is no longer published.
    """
    with transaction.atomic():
        offer_services.move(offer, "unpublish_after_report", actor=actor, message=message)
        return _close_open_reports(offer, actor, Outcome.UNPUBLISHED, message)
