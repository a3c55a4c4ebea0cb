"""Who may do what with reports. Views ask these; services enforce them too."""

from django.shortcuts import get_object_or_404

from units.models import Role

from .models import PeriodicReport, SummaryIssue, SummaryReport

UNIT_ROLES = (Role.UNIT_STAFF, Role.UNIT_HEAD)
OVERSIGHT_ROLES = (Role.CULTURE_OFFICE, Role.COUNCIL, Role.ADMIN)


def get_periodic_report_for(user, pk):
    """The report `pk` if `user` may see it, else 404 (never 403: no existence leak)."""
    return get_object_or_404(
        PeriodicReport.objects.visible_to(user).select_related("period__campaign", "unit"), pk=pk
    )


def get_summary_for(user, pk):
    """The summary `pk` for the oversight roles (views gate the role first), else 404."""
    if not (user.role in OVERSIGHT_ROLES or user.is_superuser):
        return get_object_or_404(SummaryReport.objects.none(), pk=pk)
    return get_object_or_404(
        SummaryReport.objects.select_related("campaign__standing_office", "period"), pk=pk
    )


def get_issue_for(user, summary_pk, number):
    summary = get_summary_for(user, summary_pk)
    return get_object_or_404(SummaryIssue.objects.filter(summary=summary), number=number)


def can_edit_periodic_report(user, report):
    return user.role in UNIT_ROLES and user.unit_id == report.unit_id and report.is_editable


def can_submit_periodic_report(user, report):
    return user.role == Role.UNIT_HEAD and can_edit_periodic_report(user, report)


def can_review_periodic_report(user, report):
    return user.role == Role.CULTURE_OFFICE and report.status == PeriodicReport.Status.SUBMITTED


def can_write_summary(user):
    return user.role == Role.CULTURE_OFFICE


def can_edit_periods(user):
    return user.role in (Role.CULTURE_OFFICE, Role.ADMIN) or user.is_superuser
