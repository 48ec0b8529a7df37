from stages_bfc.mail import send_templated

from .models import Invitation, OrganisationRevision


def send_invitation(invitation: Invitation) -> None:
    send_templated(
        "invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "validity_days": Invitation.VALIDITY.days,
        },
    )


def send_revision_refused(revision: OrganisationRevision) -> None:
    organisation = revision.organisation
    members = organisation.memberships.active().select_related("user").order_by("joined_at")
    to = [membership.user.email for membership in members]
    if to:
        send_templated(
            "organisation_revision_refused",
            to,
            {"organisation": organisation, "revision": revision, "changes": revision.changes()},
        )
