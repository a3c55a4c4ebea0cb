"""Reads of the year's inspections: the list, a record with its parts, the findings beside
the scoring, the annual summary's figures. A fixed number of queries each."""

from django.db.models import Count, Prefetch, Q

from criteria.models import Criterion, CriterionSet
from registrations.models import Target

from .models import Finding, Inspection, Recommendation


def year_inspections(user, window):
    """The inspections of `window`'s year `user` may see, with their counts: two queries
    whatever their number (one with the counts, the units and the plan)."""
    return list(
        Inspection.objects.visible_to(user)
        .filter(plan__window=window)
        .select_related("unit", "plan__window")
        .annotate(
            finding_count=Count("findings", distinct=True),
            recommendation_count=Count("recommendations", distinct=True),
            open_count=Count(
                "recommendations",
                filter=Q(recommendations__status=Recommendation.Status.OPEN),
                distinct=True,
            ),
        )
        .order_by("planned_on", "unit__name", "pk")
    )


def record_of(inspection):
    """The findings (with their criterion or target), recommendations and evidence."""
    return {
        "findings": list(inspection.findings.select_related("criterion", "target")),
        "recommendations": list(
            inspection.recommendations.select_related("responded_by").order_by("due_on", "pk")
        ),
        "evidence": list(inspection.evidence.all()),
    }


def criterion_set_for(inspection):
    """The unit's criterion set of the year: the one its assessment used, else the newest."""
    window = inspection.plan.window
    used = (
        CriterionSet.objects.filter(
            assessments__unit=inspection.unit_id,
            campaign=window.campaign_id,
            year=window.year,
        )
        .order_by("-version")
        .first()
    )
    return used or CriterionSet.objects.latest_for(
        window.campaign_id, window.year, inspection.unit.tier
    )


def criteria_for(inspection):
    criterion_set = criterion_set_for(inspection)
    if criterion_set is None:
        return []
    return list(Criterion.objects.filter(criterion_set=criterion_set).order_by("order", "pk"))


def targets_for(inspection):
    """The targets the unit registered for the year."""
    window = inspection.plan.window
    return list(
        Target.objects.filter(
            registration__window=window, registration__unit=inspection.unit_id
        ).order_by("order", "pk")
    )


def findings_beside_scoring(unit_id, campaign_id, year):
    """The recorded inspection of a unit's year and its findings, for the scoring page:
    None when the unit was not inspected (or the record is not closed yet)."""
    inspection = (
        Inspection.objects.filter(
            unit_id=unit_id,
            plan__window__campaign_id=campaign_id,
            plan__window__year=year,
        )
        .exclude(status=Inspection.Status.PLANNED)
        .prefetch_related(
            Prefetch("findings", queryset=Finding.objects.select_related("criterion", "target")),
            "recommendations",
        )
        .first()
    )
    return inspection


def summary_rows(campaign_id, year):
    """The year's inspections for the annual summary: one query, plain values."""
    rows = (
        Inspection.objects.filter(plan__window__campaign_id=campaign_id, plan__window__year=year)
        .values("unit__name", "unit__tier", "status", "planned_on", "visited_on")
        .annotate(
            finding_count=Count("findings", distinct=True),
            recommendation_count=Count("recommendations", distinct=True),
            answered_count=Count(
                "recommendations",
                filter=Q(recommendations__status=Recommendation.Status.ANSWERED),
                distinct=True,
            ),
        )
        .order_by("planned_on", "unit__name")
    )
    return list(rows)
