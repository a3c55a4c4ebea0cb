"""Who may do what with registrations. Views, services and document kinds ask these."""

from core.db import CompiledRead
from units.permissions import DistrictRead, get_own_or_404, is_head_of, is_member_of

from .models import Registration

_OWN = CompiledRead(
    lambda pk, unit: Registration.objects.filter(pk=pk, unit_id=unit).select_related(
        "window__campaign", "unit"
    )
)

# The district side's view of one registration, compiled once.
_SEEN = DistrictRead(lambda: Registration.objects.select_related("window__campaign", "unit"))


def get_registration_for(user, pk):
    """The registration `pk` if `user` may see it, else 404 (never 403: no existence leak)."""
    if user.is_unit_member:
        return get_own_or_404(_OWN, user, pk)
    return _SEEN.get_or_404(user, pk)


def can_view_registration(user, registration):
    return is_member_of(user, registration.unit_id) or user.is_oversight


def can_work_on_registration(user, registration):
    """Its unit's members draft it, upload its plan and print its form."""
    return is_member_of(user, registration.unit_id)


def can_edit_registration(user, registration):
    return can_work_on_registration(user, registration) and registration.is_editable


def can_send_registration(user, registration):
    """Its unit's head sends it and signs its form (the state is the service's to check)."""
    return is_head_of(user, registration.unit_id)


def can_submit_registration(user, registration):
    return can_send_registration(user, registration) and registration.is_editable


def can_review_registrations(user):
    """The culture office accepts or returns registrations and reports on them."""
    return user.is_culture_office


def can_review_registration(user, registration):
    return can_review_registrations(user) and registration.status == Registration.Status.SUBMITTED


def can_list_registrations(user):
    return user.is_oversight


def can_grant_extension(user):
    """The culture office grants one unit a later deadline, by exception."""
    return user.is_culture_office


def can_list_extensions(user):
    return user.is_oversight


def can_hand_over_campaign(user):
    """Only an admin passes a campaign's roles to other bodies (issue 9)."""
    return user.is_portal_admin
