from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from organisations.models import Membership


def home_url_for(user):
    """Where a person lands after logging in, according to their role."""
    if user.is_moderator:
        return reverse("offers:moderation_queue")
    if user.is_employer:
        if Membership.objects.filter(user=user).exists():
            return reverse("offers:dashboard")
        return reverse("organisations:create")
    if user.is_school_staff:
        return reverse("placements:classes")
    if user.is_pupil:
        return reverse("placements:mine")
    return reverse("home")


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    def save_user(self, request, user, form, commit=True):
        # Only the signup form's own choices get here: moderator and admin roles are
        # never self-assigned.
        data = form.cleaned_data
        if "role" in data:
            user.role = data["role"]
            user.school = data.get("school")
        return super().save_user(request, user, form, commit=commit)
