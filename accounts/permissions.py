"""View decorators on the roles held by accounts (organisation and class rules live in their
apps: organisations.permissions, placements.views)."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def moderator_required(view):
    """Anonymous users are sent to login by LoginRequiredMiddleware; others need the role."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_moderator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
