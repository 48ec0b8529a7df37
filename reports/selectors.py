"""Reads on reports: the queue of reported offers and a reported offer's review."""

from django.db.models import Count, Min, Prefetch, Q, QuerySet

from offers.models import Offer
from offers.selectors import with_details

from .models import OfferReport

LATEST_REASONS = 3


def report_queue(user) -> QuerySet[Offer]:
    """Offers with open reports, the one reported longest ago first.

    Each offer carries `open_count`, `first_reported_at` and
    `open_reports` (newest first), from which `latest_reasons` is computed.
    """
    is_open = Q(reports__handled_at__isnull=True, reports__isnull=False)
    return (
        Offer.objects.for_moderator(user)
        .filter(pk__in=OfferReport.objects.open().values("offer_id"))
        .annotate(
            open_count=Count("reports", filter=is_open),
            first_reported_at=Min("reports__created_at", filter=is_open),
        )
        .select_related("organisation", "commune")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=OfferReport.objects.open().order_by("-created_at", "-pk"),
                to_attr="open_reports",
            )
        )
        .order_by("first_reported_at", "pk")
    )


def latest_reasons(offer: Offer) -> list[str]:
    """The labels of the most recent distinct reasons among the offer's open reports."""
    labels = dict.fromkeys(report.get_reason_display() for report in offer.open_reports)
    return list(labels)[:LATEST_REASONS]


def reported_offers(user) -> QuerySet[Offer]:
    """Offers a moderator may review here: those reported at least once."""
    reported = OfferReport.objects.values("offer_id")
    return with_details(Offer.objects.for_moderator(user).filter(pk__in=reported))


def reports_of(offer: Offer) -> tuple[list[OfferReport], list[OfferReport]]:
    """The offer's open reports (oldest first) and its handled ones (latest handled first)."""
    reports = list(offer.reports.select_related("reporter", "handled_by"))
    open_reports = sorted((r for r in reports if r.is_open), key=lambda r: (r.created_at, r.pk))
    handled = sorted(
        (r for r in reports if not r.is_open), key=lambda r: (r.handled_at, r.pk), reverse=True
    )
    return open_reports, handled
