from stages_bfc.mail import send_templated

from .models import Invitation


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
