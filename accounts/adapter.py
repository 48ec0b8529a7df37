import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse

from outbox.services import defer


def home_url_for(user):
    """Where a person lands after logging in, according to their role."""
    if user.is_moderator:
        return reverse("offers:moderation_queue")
    if user.is_employer:
        return reverse("offers:dashboard" if _has_organisation(user) else "organisations:create")
    if user.is_school_staff:
        return reverse("placements:classes")
    if user.is_pupil:
        return reverse("placements:mine")
    return reverse("home")


def _has_organisation(user) -> bool:
    # Through the reverse relation of organisations' Membership: accounts stands below
    # organisations and does not import it.
    try:
        user.membership  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        return home_url_for(request.user)

    def get_signup_redirect_url(self, request):
        # Logged in once the address is confirmed: the role's home (a host creates their
        # organisation), unless the sign-up was going somewhere (`next`: an invitation).
        if request.user.is_authenticated:
            return home_url_for(request.user)
        return super().get_signup_redirect_url(request)

    def save_user(self, request, user, form, commit=True):
        # Only the signup form's own choices get here: moderator and admin roles are
        # never self-assigned.
        data = form.cleaned_data
        if "role" in data:
            user.role = data["role"]
            user.school = data.get("school")
        return super().save_user(request, user, form, commit=commit)

    def get_reauthentication_methods(self, user):
        """Someone with a second factor confirms with it, never with the password alone: the
        password may be all that a stolen session knows, and it must not turn TOTP off or
        show the recovery codes (allauth's password page then sends to the code's)."""
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and is_mfa_enabled(user):
            return [method for method in methods if method["id"].startswith("mfa_")]
        return methods

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails leave through the outbox, as the platform's own: the answer does
        not wait for the mail server (nor tell by its delay what was sent), and a mail server
        outage only delays them. Rendered here, where the request and its links are."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        alternatives = getattr(message, "alternatives", [])
        html = next((body for body, kind in alternatives if kind == "text/html"), "")
        defer(
            "accounts.tasks.send_account_mail",
            message.subject,
            message.body,
            html,
            message.from_email,
            message.to,
        )

    def respond_email_verification_sent(self, request, user):
        if user is None:
            # A sign-up with a known address (allauth's enumeration prevention): hash a
            # password as a new account's sign-up does, so both answer in the same time.
            make_password(secrets.token_urlsafe())
        return super().respond_email_verification_sent(request, user)
