from celery import shared_task

from . import checks, emails
from .models import Invitation, OrganisationRevision


@shared_task  # deferred through the outbox, which runs it with .run() and retries it
def send_invitation_email(invitation_id: int):
    invitation = (
        Invitation.objects.pending()
        .select_related("organisation", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation:  # accepted or deleted meanwhile: nothing to send
        emails.send_invitation(invitation)


@shared_task  # deferred through the outbox
def send_revision_refused_email(revision_id: int):
    revision = (
        OrganisationRevision.objects.select_related("organisation").filter(pk=revision_id).first()
    )
    if revision:
        emails.send_revision_refused(revision)


@shared_task
def recheck_register():
    """Beat: SIRETs "à vérifier" (the register was down), and the others once a month."""
    return checks.recheck_due()
