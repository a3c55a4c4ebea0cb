"""Who may do what with registrations. Views ask these; services enforce them too."""

from django.shortcuts import get_object_or_404

from units.models import Role

from .models import Registration


def get_registration_for(user, pk):
    """The registration `pk` if `user` may see it, else 404 (never 403: no existence leak)."""
    return get_object_or_404(
        Registration.objects.visible_to(user).select_related("window__campaign", "unit"), pk=pk
    )


def can_edit_registration(user, registration):
    return (
        user.role in (Role.UNIT_STAFF, Role.UNIT_HEAD)
        and user.unit_id == registration.unit_id
        and registration.is_editable
    )


def can_submit_registration(user, registration):
    return user.role == Role.UNIT_HEAD and can_edit_registration(user, registration)


def can_review_registration(user, registration):
    return user.role == Role.CULTURE_OFFICE and registration.status == Registration.Status.SUBMITTED


def can_list_registrations(user):
    return user.role in (Role.CULTURE_OFFICE, Role.COUNCIL, Role.ADMIN) or user.is_superuser
