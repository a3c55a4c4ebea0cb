"""Authentication backends that load the user with their unit in one query.

Every page shows the user's unit in the navigation bar: Django's ModelBackend loads the
user alone, and the unit then cost a second query on every page (issue 10). The lockout
check (django-axes) stays first; the password check is Django's own.
"""

from axes.backends import AxesBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class _UserWithUnit:
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("unit").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class LockoutBackend(_UserWithUnit, AxesBackend):
    """django-axes: refuses locked-out credentials before any password is checked."""


class PortalBackend(_UserWithUnit, ModelBackend):
    """Django's username and password check."""
