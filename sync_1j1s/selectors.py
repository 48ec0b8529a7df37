"""Reads of the national push: each offer's status in plain French, the queue's figures."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Min, OuterRef, Q, Subquery, Value
from django.utils import timezone
from django.utils.timesince import timesince

from stages_bfc import french

from .mapping import is_concerned
from .models import ConfigurationAlarm, OfferSync, RemoteState, Status, SyncIntent

TONES = {
    Status.ONLINE: "success",
    Status.FAILED: "error",
    Status.INEXPRESSIBLE: "error",
    Status.WAITING: "info",
    Status.HELD: "info",
}


@dataclass
class NationalStatus:
    label: str
    detail: str = ""
    tone: str = "neutral"
    remote_ids: tuple = ()


def _not_concerned():
    return NationalStatus(
        "Non concernée",
        "La plateforme nationale 1élève1stage ne reçoit que les offres pour les 4e, 3e et "
        "secondes. Les autres publics sont proposés à 1 jeune 1 solution par notre flux des "
        "stages, sans rien à faire de votre part.",
    )


def _not_yet():
    return NationalStatus(
        "Pas encore envoyée",
        "L'offre partira vers la plateforme nationale 1élève1stage dès sa publication.",
    )


def national_status(offer) -> NationalStatus:
    """What the employer and Region staff read about an offer and the national platform."""
    if offer.published_at is None and not is_concerned(offer.publics):
        return _not_concerned()
    if offer.published_at is None:  # never published: nothing national yet (no query)
        return _not_yet()
    # One query: the row, its national ids and its oldest pending change.
    row = (
        OfferSync.objects.filter(pk=offer.pk)
        .annotate(
            oldest=Subquery(
                SyncIntent.objects.pending()
                .filter(offer_id=OuterRef("pk"))
                .order_by("created_at")
                .values("created_at")[:1]
            ),
            remote_ids=ArrayAgg(
                "remotes__remote_id",
                filter=~Q(remotes__state=RemoteState.ABSENT),
                default=Value([]),
            ),
        )
        .first()
    )
    if row is None:
        return _not_yet() if is_concerned(offer.publics) else _not_concerned()
    remote_ids = tuple(row.remote_ids)
    oldest = row.oldest
    if oldest:
        detail = f"Modification en attente d'envoi depuis {timesince(oldest)}."
        if not settings.NATIONAL_API_URL:
            detail += " L'envoi vers la plateforme nationale n'est pas encore configuré."
        elif row.attempts:
            detail += " " + row.message
        return NationalStatus("En attente d'envoi", detail, "info", remote_ids)
    detail = row.message
    if row.status == Status.ONLINE and row.synced_at:
        detail = f"À jour depuis le {french.moment(row.synced_at)}."
    return NationalStatus(
        row.get_status_display(), detail, TONES.get(row.status, "neutral"), remote_ids
    )


def queue_figures() -> dict:
    pending = SyncIntent.objects.pending()
    figures = pending.aggregate(changes=Count("pk"), oldest=Min("created_at"))
    figures["offers"] = pending.values("offer_id").distinct().count()
    figures["oldest_age"] = timesince(figures["oldest"]) if figures["oldest"] else ""
    figures["backing_off"] = OfferSync.objects.filter(
        attempts__gt=0, next_attempt_at__gt=timezone.now()
    ).count()
    figures["by_status"] = [
        (Status(row["status"]).label, row["n"])
        for row in OfferSync.objects.values("status").annotate(n=Count("pk")).order_by("status")
    ]
    figures["configured"] = bool(settings.NATIONAL_API_URL)
    figures["alarm"] = ConfigurationAlarm.objects.filter(cleared_at__isnull=True).first()
    soonest = held().first()
    figures["held"] = held().count()
    figures["held_next"] = soonest.release_text if soonest else ""
    return figures


# No select_related("offer"): it is an INNER JOIN, and the rows of offers deleted for good
# (kept to delete them nationally) would vanish from the staff page. Only offer_id is shown.
def failures():
    return OfferSync.objects.filter(status__in=[Status.FAILED, Status.INEXPRESSIBLE]).order_by(
        "-updated_at"
    )


def held():
    """Offers with a track waiting for its school year, the soonest first."""
    return OfferSync.objects.filter(held_until__isnull=False).order_by("held_until", "pk")


def backing_off():
    return OfferSync.objects.filter(attempts__gt=0).order_by("next_attempt_at")
