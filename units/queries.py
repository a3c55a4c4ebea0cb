"""Reads of the units app."""

from .models import Role, User


def oversight_users(role, organisation_id):
    """The active users of an oversight `role` (the standing office, the council) serving
    the organisation `organisation_id` — a campaign's locality — and no other: a commune's
    office is not told of the former district's campaign. `None` is the organisation of a
    campaign tied to no locality (one portal, one locality), served by users tied to none."""
    return User.objects.filter(role=role, is_active=True, organisation=organisation_id)


def office_users(organisation_id):
    """The standing office's users serving `organisation_id` (see `oversight_users`)."""
    return oversight_users(Role.CULTURE_OFFICE, organisation_id)


def unit_members(unit_ids):
    """The active members (staff and heads) of the units `unit_ids`."""
    return User.objects.filter(unit_id__in=unit_ids, is_active=True)
