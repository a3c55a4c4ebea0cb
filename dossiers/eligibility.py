"""The one place dossiers asks the criteria app about a unit's results.

A unit's collective may be proposed for an award when all mandatory criteria of its
year are met on the reviewer's figures (design.md, "Criteria and scoring"). The office
may record a ruling instead (EligibilityOverride), which wins: for units no criterion
set covers, or results established outside the portal.
"""

from .models import EligibilityOverride


def is_collective_eligible(unit, year):
    """Whether `unit` may propose itself (its collective) for an award for `year`."""
    override = EligibilityOverride.objects.filter(unit=unit, year=year).first()
    if override is not None:
        return override.is_eligible
    return _criteria_says_eligible(unit, year)


def _criteria_says_eligible(unit, year):
    # criteria.queries.is_eligible(unit, year): scored, every mandatory criterion met.
    # Until the criteria branch is merged there is no such module and nobody is eligible
    # without a recorded ruling.
    try:
        from criteria.queries import is_eligible
    except ImportError:
        return False
    return is_eligible(unit, year)


def assessment_facts(unit, year):
    """Lines for section II of the report from the scored assessment, or [] when none.

    Returns a list of short Vietnamese sentences (score, rank, criteria met). Filled in
    once the criteria branch is merged; the report is pre-filled from the registration
    targets meanwhile.
    """
    return []
