"""Who may enter the employer space: an employer account that belongs to an organisation."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts.models import User
from organisations.models import Membership


def membership_of(user) -> Membership | None:
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def employer_role_required(view):
    """403 for anyone but employers, with or without an organisation."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != User.Role.EMPLOYER:
            raise PermissionDenied("Réservé aux structures d'accueil.")
        return view(request, *args, **kwargs)

    return wrapper


def employer_required(view):
    """403 for other roles; employers without an organisation are sent to create one.

    Anonymous visitors never get here: LoginRequiredMiddleware sends them to the login page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != User.Role.EMPLOYER:
            raise PermissionDenied("Réservé aux structures d'accueil.")
        if membership_of(request.user) is None:
            messages.info(
                request, "Présentez d'abord votre structure d'accueil pour publier des offres."
            )
            return redirect("organisations:create")
        return view(request, *args, **kwargs)

    return wrapper
