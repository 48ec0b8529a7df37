from celery import shared_task

from . import emails
from .models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def send_invitation_email(invitation_id: int):
    invitation = (
        Invitation.objects.pending()
        .select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation:  # accepted or deleted meanwhile: nothing to send
        emails.send_invitation(invitation)
