from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

MFA_REQUIRED_MESSAGE = (
    "Votre compte donne accès à la modération : activez la double authentification "
    "avec une application d'authentification pour continuer."
)


def requires_mfa(user):
    """Region staff must protect their account with a second factor."""
    return user.is_moderator or user.is_staff or user.is_superuser


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MFARequiredMiddleware:
    """Send Region moderators and administrators without TOTP to its activation page.

    Allowed meanwhile: allauth's account and MFA pages (logout included), public pages
    (views marked `login_not_required`) and static files.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not requires_mfa(user):
            return None
        if request.path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if view_func.__module__.startswith("allauth."):
            return None
        if has_totp(user):
            return None
        messages.warning(request, MFA_REQUIRED_MESSAGE)
        return redirect("mfa_activate_totp")
