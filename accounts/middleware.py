from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

MFA_REQUIRED_MESSAGE = (
    "Votre compte donne accès à la modération : activez la double authentification "
    "avec une application d'authentification pour continuer."
)
SECOND_FACTOR_MISSING_MESSAGE = (
    "Votre compte donne accès à la modération : reconnectez-vous avec votre mot de passe "
    "puis le code de votre application d'authentification."
)


def passed_second_factor(request):
    """Whether this session passed a second factor: allauth records each authentication step
    of a session (password, then TOTP or a recovery code) for the user who made it."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def is_public(view_func):
    return not getattr(view_func, "login_required", True)


class MFARequiredMiddleware:
    """Region staff (`User.requires_mfa`) use the platform only in a session that passed TOTP.

    One rule for every view, the Django admin's included, so that a new staff page needs
    nothing to be covered:
    - with TOTP enabled, a session that did not pass it (a login by another door than
      allauth's, a session older than the second factor) is logged out on its next request:
      public pages then answer as to anyone, the others send to the login, which asks for the
      password then the code, under allauth's rate limits;
    - without TOTP (not yet, or turned off), only public pages and allauth's account pages
      (to activate it, or log out) open; everything else sends to the activation page.
      Activating it counts as passing it (accounts.receivers).
    Static files never reach views (whitenoise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        try:
            if not user.is_authenticated or not user.requires_mfa:
                return None
        except DatabaseError:
            # The session could not be read: the database is down. Let public views answer
            # (/sante/ reports the outage with a 503); the others fail in the view anyway.
            if is_public(view_func):
                return None
            raise
        if not is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            if is_public(view_func) or view_func.__module__.startswith("allauth."):
                return None
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            return redirect("mfa_activate_totp")
        if passed_second_factor(request):
            return None
        logout(request)
        messages.warning(request, SECOND_FACTOR_MISSING_MESSAGE)
        if is_public(view_func):
            return None
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return redirect(f"{reverse('account_login')}?{query}")
