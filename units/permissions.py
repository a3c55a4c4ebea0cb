"""Who may do what with units and accounts, and the one role gate used by views."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .models import Role


def role_required(*roles):
    """Refuse (403) a view to every role but `roles`; anonymous users never get here."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.role in roles or (Role.ADMIN in roles and user.is_superuser)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def can_manage_units(user):
    return user.is_portal_admin


def can_see_all_units(user):
    return user.role in (Role.CULTURE_OFFICE, Role.COUNCIL, Role.ADMIN) or user.is_superuser
