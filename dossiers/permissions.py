"""Who may do what with award dossiers. Views ask these; services enforce the rules too.

Objects are fetched through one helper per model that answers 404 for what the user may
not see (another unit's dossier), never 403: no existence leak.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from units.models import UNIT_ROLES, Role

from .models import (
    AwardDecision,
    AwardProposal,
    CouncilMeeting,
    DistrictSubmission,
    Nominee,
    ProvincialSubmission,
)

# Who works on the district side: the office consolidates, the council decides.
DISTRICT_ROLES = (Role.CULTURE_OFFICE, Role.COUNCIL, Role.ADMIN)


def get_proposal_for(user, pk):
    return get_object_or_404(
        AwardProposal.objects.visible_to(user).select_related("unit", "campaign", "registration"),
        pk=pk,
    )


def get_nominee_for(user, pk):
    return get_object_or_404(
        Nominee.objects.visible_to(user).select_related(
            "proposal__unit", "proposal__campaign", "award_form", "decision"
        ),
        pk=pk,
    )


def get_submission_for(user, pk):
    _district_only(user)
    return get_object_or_404(DistrictSubmission.objects.select_related("campaign"), pk=pk)


def get_meeting_for(user, pk):
    _district_only(user)
    return get_object_or_404(
        CouncilMeeting.objects.select_related("submission__campaign", "chair"), pk=pk
    )


def get_decision_for(user, pk):
    _district_only(user)
    return get_object_or_404(
        AwardDecision.objects.select_related("meeting__submission__campaign", "award_form"), pk=pk
    )


def get_forwarding_for(user, pk):
    _district_only(user)
    return get_object_or_404(
        ProvincialSubmission.objects.select_related("meeting__submission__campaign", "award_form"),
        pk=pk,
    )


def _district_only(user):
    if not is_district_user(user):
        raise Http404


def is_district_user(user):
    return user.role in DISTRICT_ROLES or user.is_superuser


def is_unit_member_of(user, unit_id):
    return user.role in UNIT_ROLES and user.unit_id == unit_id


def can_see_personal_data(user, proposal):
    """Date of birth, ethnicity, religion, … of a proposal's individuals: the unit, the
    office and the council only (Decree 13/2023: personal data only to those who need it)."""
    return is_unit_member_of(user, proposal.unit_id) or user.role in (
        Role.CULTURE_OFFICE,
        Role.COUNCIL,
    )


def can_edit_proposal(user, proposal):
    return is_unit_member_of(user, proposal.unit_id) and proposal.is_editable


def can_edit_nominee(user, nominee):
    return is_unit_member_of(user, nominee.proposal.unit_id) and nominee.is_editable


def can_submit_proposal(user, proposal):
    return user.role == Role.UNIT_HEAD and can_edit_proposal(user, proposal)


def can_review_proposal(user, proposal):
    return user.role == Role.CULTURE_OFFICE and proposal.status == AwardProposal.Status.SUBMITTED


def can_consolidate(user):
    return user.role == Role.CULTURE_OFFICE


def can_act_for_council(user):
    return user.role == Role.COUNCIL


def can_bulk_print(user):
    """Printing every dossier of a meeting (and cancelling that print): council and admins."""
    return user.role in (Role.ADMIN, Role.COUNCIL) or user.is_superuser
