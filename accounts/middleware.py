from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect

MFA_REQUIRED_MESSAGE = (
    "Votre compte donne accès à la modération : activez la double authentification "
    "avec une application d'authentification pour continuer."
)


class MFARequiredMiddleware:
    """Send Region moderators and administrators without TOTP to its activation page.

    Allowed meanwhile: allauth's account and MFA pages (logout included) and public pages
    (views marked `login_not_required`); static files never reach views (whitenoise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not user.requires_mfa:
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if view_func.__module__.startswith("allauth."):
            return None
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            return None
        messages.warning(request, MFA_REQUIRED_MESSAGE)
        return redirect("mfa_activate_totp")
