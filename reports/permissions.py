"""Who may do what with reports. Views, services and document kinds ask these."""

from django.shortcuts import get_object_or_404

from core.db import CompiledRead
from units.permissions import get_own_or_404, is_head_of, is_member_of

from .models import PeriodicReport, SummaryIssue, SummaryReport

_OWN = CompiledRead(
    lambda pk, unit: PeriodicReport.objects.filter(pk=pk, unit_id=unit).select_related(
        "period__campaign", "unit"
    )
)


def get_periodic_report_for(user, pk):
    """The report `pk` if `user` may see it, else 404 (never 403: no existence leak)."""
    if user.is_unit_member:
        return get_own_or_404(_OWN, user, pk)
    return get_object_or_404(
        PeriodicReport.objects.visible_to(user).select_related("period__campaign", "unit"), pk=pk
    )


def get_summary_for(user, pk):
    """The summary `pk` for the oversight roles (views gate the role first), else 404."""
    if not can_see_summaries(user):
        return get_object_or_404(SummaryReport.objects.none(), pk=pk)
    return get_object_or_404(SummaryReport.objects.select_related("campaign", "period"), pk=pk)


def get_issue_for(user, summary_pk, number):
    summary = get_summary_for(user, summary_pk)
    return get_object_or_404(SummaryIssue.objects.filter(summary=summary), number=number)


def can_work_on_periodic_report(user, report):
    """Its unit's members draft it."""
    return is_member_of(user, report.unit_id)


def can_see_periodic_report(user, report):
    """Its unit's members and the offices that see every unit's reports (the same rows as
    get_periodic_report_for)."""
    return PeriodicReport.objects.visible_to(user).filter(pk=report.pk).exists()


def can_edit_periodic_report(user, report):
    return can_work_on_periodic_report(user, report) and report.is_editable


def can_send_periodic_report(user, report):
    """Its unit's head sends it (the state is the service's to check)."""
    return is_head_of(user, report.unit_id)


def can_submit_periodic_report(user, report):
    return can_send_periodic_report(user, report) and report.is_editable


def can_review_periodic_reports(user):
    return user.is_culture_office


def can_review_periodic_report(user, report):
    return can_review_periodic_reports(user) and report.status == PeriodicReport.Status.SUBMITTED


def can_see_summaries(user):
    return user.is_oversight


def can_write_summary(user):
    """The culture office writes, edits and issues the summaries."""
    return user.is_culture_office


def can_print_summary(user, issue):
    return can_write_summary(user)


def can_view_summary_print(user, issue):
    return can_see_summaries(user)


def can_edit_periods(user):
    return user.is_culture_office or user.is_portal_admin
