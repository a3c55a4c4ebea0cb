"""Who may do what with criteria and assessments. Views ask these; services enforce them too."""

from django.shortcuts import get_object_or_404

from units.models import Role

from .models import Assessment

RESULT_ROLES = (Role.CULTURE_OFFICE, Role.COUNCIL, Role.ADMIN)


def get_assessment_for(user, pk):
    """The assessment `pk` if `user` may see it, else 404 (never 403: no existence leak)."""
    return get_object_or_404(
        Assessment.objects.visible_to(user).select_related(
            "unit", "criterion_set__campaign", "registration__window", "scored_by", "changed_by"
        ),
        pk=pk,
    )


def can_edit_assessment(user, assessment):
    return (
        user.role in (Role.UNIT_STAFF, Role.UNIT_HEAD)
        and user.unit_id == assessment.unit_id
        and assessment.is_editable
    )


def can_submit_assessment(user, assessment):
    return user.role == Role.UNIT_HEAD and can_edit_assessment(user, assessment)


def can_score_assessment(user, assessment):
    return user.role == Role.CULTURE_OFFICE and assessment.status == Assessment.Status.SUBMITTED


def can_manage_criteria(user):
    return user.role == Role.CULTURE_OFFICE


def can_see_results(user):
    return user.role in RESULT_ROLES or user.is_superuser
