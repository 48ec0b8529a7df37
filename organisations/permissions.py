"""Who may enter the employer space: an employer account that belongs to an organisation."""

from django.contrib import messages
from django.shortcuts import redirect

from accounts.roles import check_user, employer_required
from organisations.models import Membership


def membership_of(user) -> Membership | None:
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def _create_organisation_first(request):
    messages.info(request, "Présentez d'abord votre structure d'accueil pour publier des offres.")
    return redirect("organisations:create")


_belongs_to_organisation = check_user(
    lambda user: membership_of(user) is not None, _create_organisation_first
)


def organisation_member_required(view):
    """403 for other roles; employers without an organisation are sent to create one."""
    return employer_required(_belongs_to_organisation(view))
