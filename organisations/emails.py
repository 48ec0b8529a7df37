from urllib.parse import urlencode

from django.urls import reverse

from stages_bfc.mail import send_templated

from .models import Invitation, OrganisationRevision


def send_invitation(invitation: Invitation) -> None:
    accept_url = reverse("organisations:accept", args=[invitation.token])
    # The host's sign-up, which comes back to the invitation once the address is confirmed.
    signup_url = (
        reverse("account_signup")
        + "?"
        + urlencode({"profil": "accueillant", "email": invitation.email, "next": accept_url})
    )
    send_templated(
        "invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "validity_days": Invitation.VALIDITY.days,
            "accept_url": accept_url,
            "signup_url": signup_url,
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
