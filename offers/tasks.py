from celery import shared_task
from django.utils import timezone

from . import emails
from .models import Offer, OfferRevision, State
from .services import move


@shared_task  # deferred through the outbox, which runs it with .run() and retries it
def send_decision_email(offer_id: int, action: str, message: str = ""):
    emails.send_decision(
        Offer.objects.select_related("organisation").get(pk=offer_id), action, message
    )


@shared_task  # deferred through the outbox
def send_revision_email(revision_id: int):
    revision = OfferRevision.objects.select_related("offer__organisation").filter(pk=revision_id)
    if revision := revision.first():  # the offer deleted meanwhile: nothing to say
        emails.send_revision_decision(revision)


@shared_task
def expire_offers():
    """Published or filled offers whose last period has ended become expired."""
    today = timezone.localdate()
    # An offer without periods never expires by date (it cannot be published without any).
    expired = (
        Offer.objects.filter(state__in=[State.PUBLISHED, State.FILLED], periods__isnull=False)
        .exclude(periods__end__gte=today)
        .distinct()
    )
    count = 0
    for offer in expired:
        move(offer, "expire", message="Dernière période passée")
        count += 1
    return count
