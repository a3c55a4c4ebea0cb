"""Who may do what with inspections. Views, services and document kinds ask these.

The culture office plans, records and reports; the council and the admin read; a unit's
members see their own unit's inspections and answer its recommendations.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from units.permissions import is_member_of

from .models import Inspection, InspectionPlan, Recommendation


def get_inspection_for(user, pk):
    """The inspection `pk` if `user` may see it (its unit's members, the district side of
    its campaign's organisation), else 404."""
    return get_object_or_404(
        Inspection.objects.visible_to(user).select_related("plan__window__campaign", "unit"), pk=pk
    )


def get_plan_for(user, pk):
    """The year's plan `pk` for the district side of its organisation, else 404."""
    return get_object_or_404(
        InspectionPlan.objects.visible_to(user).select_related("window__campaign"), pk=pk
    )


def get_recommendation_for(user, pk):
    recommendation = get_object_or_404(Recommendation.objects.select_related("inspection"), pk=pk)
    if not Inspection.objects.visible_to(user).filter(pk=recommendation.inspection_id).exists():
        raise Http404
    return recommendation


def can_see_inspections(user):
    """The year's list: the district side sees every unit's, a unit its own."""
    return user.is_oversight or user.is_unit_member


def can_plan_inspections(user):
    """The culture office plans the year's inspections and records them."""
    return user.is_culture_office


def can_view_inspection(user, inspection):
    return is_member_of(user, inspection.unit_id) or user.is_oversight


def can_record_inspection(user, inspection):
    """The office writes findings, evidence and recommendations until the record is closed."""
    return can_plan_inspections(user) and inspection.status == Inspection.Status.PLANNED


def can_answer_recommendation(user, recommendation):
    """The unit's members answer an open recommendation of a recorded inspection."""
    inspection = recommendation.inspection
    return (
        is_member_of(user, inspection.unit_id)
        and inspection.status == Inspection.Status.RECORDED
        and recommendation.status == Recommendation.Status.OPEN
    )


def can_print_minutes(user, inspection):
    """The office prints and issues the minutes once the visit is recorded."""
    return can_plan_inspections(user) and inspection.status != Inspection.Status.PLANNED


def can_view_minutes(user, inspection):
    return can_view_inspection(user, inspection)


def can_print_inspection_report(user, plan):
    return can_plan_inspections(user)


def can_view_inspection_report(user, plan):
    return user.is_oversight
