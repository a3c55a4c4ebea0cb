"""Who may do what with award dossiers. Views, services and document kinds ask these.

Objects are fetched through one helper per model that answers 404 for what the user may
not see (another unit's dossier), never 403: no existence leak.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.db import CompiledRead
from registrations.models import Campaign
from registrations.roles import roles_on
from units.permissions import DistrictRead, get_own_or_404, is_head_of, is_member_of

from .models import (
    AwardDecision,
    AwardProposal,
    CouncilMeeting,
    DistrictSubmission,
    Nominee,
    ProvincialSubmission,
)

# A unit member's own proposals: AwardProposal.objects.visible_to(user), compiled once.
_OWN_PROPOSAL = CompiledRead(
    lambda pk, unit: AwardProposal.objects.filter(
        pk=pk, unit_id=unit, origin=AwardProposal.Origin.UNIT
    ).select_related("unit", "campaign", "registration")
)

# The district side's view of one proposal, compiled once.
_SEEN_PROPOSAL = DistrictRead(
    lambda: AwardProposal.objects.select_related("unit", "campaign", "registration")
)


def get_proposal_for(user, pk):
    if user.is_unit_member:
        return get_own_or_404(_OWN_PROPOSAL, user, pk)
    return _SEEN_PROPOSAL.get_or_404(user, pk)


def get_nominee_for(user, pk):
    return get_object_or_404(
        Nominee.objects.visible_to(user).select_related(
            "proposal__unit", "proposal__campaign", "award_form", "decision"
        ),
        pk=pk,
    )


def get_submission_for(user, pk):
    _district_only(user)
    return get_object_or_404(
        DistrictSubmission.objects.select_related("campaign").filter(
            campaign__in=Campaign.objects.visible_to(user)
        ),
        pk=pk,
    )


def get_meeting_for(user, pk):
    _district_only(user)
    return get_object_or_404(
        CouncilMeeting.objects.select_related("submission__campaign", "chair").filter(
            submission__campaign__in=Campaign.objects.visible_to(user)
        ),
        pk=pk,
    )


def get_decision_for(user, pk):
    _district_only(user)
    return get_object_or_404(
        AwardDecision.objects.select_related("meeting__submission__campaign", "award_form").filter(
            meeting__submission__campaign__in=Campaign.objects.visible_to(user)
        ),
        pk=pk,
    )


def get_forwarding_for(user, pk):
    _district_only(user)
    return get_object_or_404(
        ProvincialSubmission.objects.select_related(
            "meeting__submission__campaign", "award_form"
        ).filter(meeting__submission__campaign__in=Campaign.objects.visible_to(user)),
        pk=pk,
    )


def _district_only(user):
    if not is_district_user(user):
        raise Http404


def _office_or_council(user):
    """The district side that works on dossiers, the admin aside: personal data, the
    lists of names, certificates."""
    return user.is_culture_office or user.is_council


def is_district_user(user):
    """The district side (office consolidates, council decides, admin oversees)."""
    return user.is_oversight


def _unit_id(source):
    """A proposal's unit, or a nominee's proposal's unit."""
    return source.unit_id if hasattr(source, "unit_id") else source.proposal.unit_id


def _proposal(source):
    """A proposal, or a nominee's proposal."""
    return source if isinstance(source, AwardProposal) else source.proposal


def is_office_of(user, campaign):
    """The culture office of the campaign's organisation (an admin oversees, never drafts)."""
    return user.is_culture_office and user.organisation_id == campaign.organisation_id


def can_propose_as_office(user):
    """The culture office opens its own proposals (plan VI.1)."""
    return user.is_culture_office


def can_author_proposals(user):
    """A unit's members write their unit's proposal, the culture office its own (plan VI.1);
    which proposal a user may touch is checked on the object (`can_work_on_proposal`)."""
    return user.is_unit_member or user.is_culture_office


def can_see_personal_data(user, proposal):
    """Date of birth, ethnicity, religion, … of a proposal's individuals: the unit, the
    office and the council only (Decree 13/2023: personal data only to those who need it)."""
    if proposal.is_office_proposal:
        return _office_or_council(user)
    return is_member_of(user, proposal.unit_id) or _office_or_council(user)


def can_work_on_proposal(user, source):
    """The unit's members draft its proposal and nominees and print their papers; the
    office's own proposal, the culture office of the campaign's organisation."""
    proposal = _proposal(source)
    if proposal.is_office_proposal:
        return is_office_of(user, proposal.campaign)
    return is_member_of(user, _unit_id(source))


def can_edit_proposal(user, proposal):
    return can_work_on_proposal(user, proposal) and proposal.is_editable


def can_edit_nominee(user, nominee):
    return can_work_on_proposal(user, nominee) and nominee.is_editable


def can_send_proposal(user, source):
    """The unit's head sends the proposal and signs its papers (state: the service's); the
    office sends its own proposal on to its consolidation."""
    proposal = _proposal(source)
    if proposal.is_office_proposal:
        return is_office_of(user, proposal.campaign)
    return is_head_of(user, _unit_id(source))


def can_submit_proposal(user, proposal):
    return can_send_proposal(user, proposal) and proposal.is_editable


def can_review_proposals(user):
    return user.is_culture_office


def can_review_proposal(user, proposal):
    return can_review_proposals(user) and proposal.status == AwardProposal.Status.SUBMITTED


def can_consolidate(user):
    """The culture office consolidates the units' proposals for the council."""
    return user.is_culture_office


def can_act_for_council(user):
    """The council's secretary records meetings, votes, decisions and forwardings."""
    return user.is_council


def can_bulk_print(user):
    """Printing every dossier of a meeting (and cancelling that print): council and admins."""
    return user.is_council or user.is_portal_admin


def can_see_proposal(user, source):
    return can_work_on_proposal(user, source) or is_district_user(user)


def can_see_achievement_report(user, nominee):
    # The report of an individual holds personal data (Decree 13/2023).
    return can_see_personal_data(user, nominee.proposal) or (
        nominee.is_collective and is_district_user(user)
    )


def can_see_district_papers(user, source):
    return is_district_user(user)


def can_see_personal_lists(user, submission):
    return _office_or_council(user)


def can_print_consolidation(user, submission):
    return can_consolidate(user)


def can_print_minutes(user, meeting):
    return can_act_for_council(user) and meeting.status == CouncilMeeting.Status.CLOSED


def can_print_council_paper(user, source):
    return can_act_for_council(user)


def can_print_decision(user, decision):
    return (
        can_act_for_council(user)
        and decision.status == AwardDecision.Status.DRAFT
        and roles_on(decision.meeting.submission.campaign, decision.decided_on).decides(
            decision.award_form
        )
    )


def is_certifiable(nominee):
    """Awarded by an issued decision of the campaign's own authority: its certificate can
    be printed — a Giấy khen the locality decides, and a Bằng khen of the province once
    the province holds the campaign and decided it on its council's advice (2025 on);
    not a Bằng khen the province decided on a forwarded Tờ trình (it prints its own)."""
    if not (
        nominee.status == Nominee.Status.AWARDED
        and nominee.decision is not None
        and nominee.decision.status == AwardDecision.Status.ISSUED
    ):
        return False
    if nominee.award_form.is_decided_locally:
        return True
    return roles_on(nominee.proposal.campaign, nominee.decision.decided_on).decides(
        nominee.award_form
    )


def can_print_certificate(user, nominee):
    return _office_or_council(user) and is_certifiable(nominee)
