from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.models import User


def role_required(role, refusal):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role != role:
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


pupil_required = role_required(User.Role.PUPIL, "Réservé aux élèves.")


def teacher_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.role != User.Role.TEACHER or not request.user.school_id:
            raise PermissionDenied("Réservé aux personnels d'établissement scolaire.")
        return view(request, *args, **kwargs)

    return wrapper
