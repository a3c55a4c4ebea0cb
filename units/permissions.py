"""Who may do what with units and accounts; the role vocabulary every app's
permissions.py builds on; the two gates used by views.

The role sets live in units.models (UNIT_ROLES, OVERSIGHT_ROLES) with the matching
`User.is_*` properties; an app never compares `user.role` itself but asks its own
`can_<verb>_<noun>` functions, which are written with these.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.db import CompiledRead

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


def allowed_if(check):
    """Refuse (403) a view to users for whom `check(user)` is false."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_member_of(user, unit_id):
    """A member (staff or head) of the unit `unit_id`."""
    return user.is_unit_member and user.unit_id == unit_id


def is_head_of(user, unit_id):
    """The head of the unit `unit_id`: the one who signs and sends its documents."""
    return user.is_unit_head and user.unit_id == unit_id


def can_manage_units(user):
    return user.is_portal_admin


def can_see_all_units(user):
    return user.is_oversight


def get_own_or_404(read, user, pk):
    """The row `pk` of `user`'s own unit read by `read` (a core.db.CompiledRead taking
    `pk` and `unit`), else 404: a unit member's view of a UnitScopedQuerySet's
    `visible_to(user)`, compiled once (the unit's pages are its members' daily work)."""
    rows = read.objects(pk=pk, unit=user.unit_id)
    if not rows:
        raise Http404
    return rows[0]


class DistrictRead:
    """One row of a UnitScopedQuerySet as the district side sees it (`visible_to(user)`
    for the office, the council or an admin), read by queries compiled once per process
    (core.db.CompiledRead) rather than compiled on every page (issue 10: a detail page's
    wide select_related took 2 ms of Python to compile). `build()` gives the model's
    queryset with what the page reads along (select_related)."""

    def __init__(self, build):
        self._build = build
        self._any = CompiledRead(lambda pk: build().seen_by_district().filter(pk=pk))
        self._within = CompiledRead(
            lambda pk, organisation: self._scoped(build(), organisation=organisation).filter(pk=pk)
        )
        self._without = CompiledRead(
            lambda pk: self._scoped(build(), organisation__isnull=True).filter(pk=pk)
        )

    def _has_campaign(self):
        if not hasattr(self, "_campaign_path"):
            self._campaign_path = self._build().campaign_path
        return self._campaign_path is not None

    @staticmethod
    def _scoped(rows, **organisation):
        ((lookup, value),) = organisation.items()
        return rows.seen_by_district().filter(**{f"{rows.campaign_path}__{lookup}": value})

    def get_or_404(self, user, pk):
        """The row `pk` as `visible_to(user)` gives it to a district-side user, else 404."""
        if not user.is_oversight:
            raise Http404
        if user.is_portal_admin or not self._has_campaign():
            rows = self._any.objects(pk=pk)
        elif user.organisation_id is None:
            rows = self._without.objects(pk=pk)
        else:
            rows = self._within.objects(pk=pk, organisation=user.organisation_id)
        if not rows:
            raise Http404
        return rows[0]
