"""Reads of the national push: each offer's status in plain French, the queue's figures."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.timesince import timesince

from .mapping import is_concerned
from .models import OfferSync, RemoteState, Status, SyncIntent

TONES = {
    Status.ONLINE: "success",
    Status.FAILED: "error",
    Status.INEXPRESSIBLE: "error",
    Status.WAITING: "info",
}


@dataclass
class NationalStatus:
    label: str
    detail: str = ""
    tone: str = "neutral"
    remote_ids: tuple = ()


def national_status(offer) -> NationalStatus:
    """What the employer and Region staff read about an offer and the national platform."""
    row = OfferSync.objects.filter(pk=offer.pk).prefetch_related("remotes").first()
    if row is None:
        if not is_concerned(offer.publics):
            return NationalStatus(
                "Non concernée",
                "La plateforme nationale 1élève1stage ne reçoit que les offres pour les 4e, 3e "
                "et secondes. Les autres publics sont proposés à 1 jeune 1 solution par notre "
                "flux des stages, sans rien à faire de votre part.",
            )
        return NationalStatus(
            "Pas encore envoyée",
            "L'offre partira vers la plateforme nationale 1élève1stage dès sa publication.",
        )
    remote_ids = tuple(
        f"{r.remote_id} ({r.get_state_display()})"
        for r in row.remotes.all()
        if r.state != RemoteState.ABSENT
    )
    oldest = (
        SyncIntent.objects.pending().filter(offer_id=offer.pk).aggregate(at=Min("created_at"))["at"]
    )
    if oldest:
        detail = f"Modification en attente d'envoi depuis {timesince(oldest)}."
        if not settings.NATIONAL_API_URL:
            detail += " L'envoi vers la plateforme nationale n'est pas encore configuré."
        elif row.attempts:
            detail += " " + row.message
        return NationalStatus("En attente d'envoi", detail, "info", remote_ids)
    detail = row.message
    if row.status == Status.ONLINE and row.synced_at:
        detail = f"À jour depuis le {timezone.localtime(row.synced_at):%d/%m/%Y à %H:%M}."
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
    return figures


def failures():
    return (
        OfferSync.objects.filter(status__in=[Status.FAILED, Status.INEXPRESSIBLE])
        .select_related("offer")
        .order_by("-updated_at")
    )


def backing_off():
    return (
        OfferSync.objects.filter(attempts__gt=0).select_related("offer").order_by("next_attempt_at")
    )
