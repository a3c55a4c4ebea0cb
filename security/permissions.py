"""Who must pass a second factor, and who may read the audit trail."""


def must_use_second_factor(user):
    """The culture office, the council, admins and superusers issue numbered papers: TOTP required."""
    return bool(user.is_oversight)


def can_view_audit_log(user):
    return user.is_portal_admin


def can_reset_second_factor(user):
    return user.is_portal_admin
