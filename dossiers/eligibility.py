"""The one place dossiers asks the criteria app about a unit's results.

A unit's collective may be proposed for an award when all mandatory criteria of its
year are met on the reviewer's figures (design.md, "Criteria and scoring"). The office
may record a ruling instead (EligibilityOverride), which wins: for units no criterion
set covers (tier "other"), or results established outside the portal.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import CompiledRead
from core.text import percent
from criteria import queries as criteria_queries
from criteria.models import Assessment
from criteria.scoring import Outcome, number_text
from units.models import Unit

from .models import EligibilityOverride

# The office's ruling and criteria_queries.is_eligible, in one query compiled once per
# process (the proposal page shows it on every view, issue 10).
_ELIGIBILITY = CompiledRead(
    lambda unit, year: Unit.objects.filter(pk=unit).values_list(
        Subquery(
            EligibilityOverride.objects.filter(unit_id=OuterRef("pk"), year=year)
            .order_by("pk")
            .values("is_eligible")[:1]
        ),
        Exists(criteria_queries.eligible_for(OuterRef("pk"), year)),
    )
)


def is_collective_eligible(unit, year):
    """Whether `unit` may propose itself (its collective) for an award for `year`."""
    rows = _ELIGIBILITY.rows(unit=unit.pk, year=year)
    if not rows:
        return False
    ruling, scored_eligible = rows[0]
    return scored_eligible if ruling is None else ruling


@dataclass
class AssessmentFacts:
    """What the scored assessment says, for section II of the achievement report."""

    score: str
    achieved: dict = field(default_factory=dict)  # target pk -> what the unit achieved
    lines: list = field(default_factory=list)  # one sentence per criterion


def assessment_facts(unit, year):
    """The scored assessment of `unit` for `year` as report material, or None."""
    assessment = (
        Assessment.objects.filter(
            unit=unit, criterion_set__year=year, status=Assessment.Status.SCORED
        )
        .prefetch_related("results__criterion", "target_results")
        .first()
    )
    if assessment is None:
        return None
    lines = []
    for result in assessment.results.all():
        evaluation = result.final_evaluation
        figure = percent(evaluation.percent)
        lines.append(
            _("- %(criterion)s (%(requirement)s): %(figure)s%(outcome)s")
            % {
                "criterion": result.criterion.text,
                "requirement": result.criterion.requirement,
                "figure": f"{figure} – " if figure else "",
                "outcome": Outcome(result.final_outcome or "").label.lower(),
            }
        )
    return AssessmentFacts(
        score=number_text(assessment.final_score),
        achieved={t.target_id: t.achieved for t in assessment.target_results.all() if t.achieved},
        lines=lines,
    )


def scored_on(unit, year):
    """The day the office scored `unit`'s results of `year`, or None (not scored)."""
    moment = (
        Assessment.objects.filter(
            unit=unit, criterion_set__year=year, status=Assessment.Status.SCORED
        )
        .values_list("scored_at", flat=True)
        .first()
    )
    return timezone.localdate(moment) if moment else None
