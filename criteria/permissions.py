"""Who may do what with criteria and assessments. Views, services and document kinds ask these."""

from core.db import CompiledRead
from units.permissions import DistrictRead, get_own_or_404, is_head_of, is_member_of

from .models import Assessment

_RELATED = ("unit", "criterion_set__campaign", "registration__window", "scored_by", "changed_by")
_OWN = CompiledRead(
    lambda pk, unit: Assessment.objects.filter(pk=pk, unit_id=unit).select_related(*_RELATED)
)

# The district side's view of one assessment, compiled once.
_SEEN = DistrictRead(lambda: Assessment.objects.select_related(*_RELATED))


def get_assessment_for(user, pk):
    """The assessment `pk` if `user` may see it, else 404 (never 403: no existence leak)."""
    if user.is_unit_member:
        return get_own_or_404(_OWN, user, pk)
    return _SEEN.get_or_404(user, pk)


def can_work_on_assessment(user, assessment):
    """Its unit's members fill in the results and attach evidence."""
    return is_member_of(user, assessment.unit_id)


def can_edit_assessment(user, assessment):
    return can_work_on_assessment(user, assessment) and assessment.is_editable


def can_send_assessment(user, assessment):
    """Its unit's head sends it (the state is the service's to check)."""
    return is_head_of(user, assessment.unit_id)


def can_submit_assessment(user, assessment):
    return can_send_assessment(user, assessment) and assessment.is_editable


def can_manage_criteria(user):
    """The culture office builds the criteria, scores the results and issues score sheets."""
    return user.is_culture_office


def can_score_assessment(user, assessment):
    return can_manage_criteria(user) and assessment.status == Assessment.Status.SUBMITTED


def can_see_results(user):
    return user.is_oversight


def can_print_score_sheet(user, assessment):
    return can_manage_criteria(user) and assessment.status == Assessment.Status.SCORED


def can_view_score_sheet(user, assessment):
    """The office side always; the unit itself once its results are scored."""
    return can_see_results(user) or (
        is_member_of(user, assessment.unit_id) and assessment.status == Assessment.Status.SCORED
    )
