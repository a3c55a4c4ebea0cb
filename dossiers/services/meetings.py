"""The council's meeting: opened on a sent consolidation, votes recorded, closed with a result."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import notify_users, record_transition
from core.text import nfc, short_date
from documents.services import DocumentError
from registrations.roles import roles_on
from units.queries import office_users

from ..models import CouncilMeeting, CouncilMember, DistrictSubmission, DossierRule, Nominee, Vote
from ..permissions import can_act_for_council
from ..queries import meeting_nominees, tally_meeting
from ..voting import OUTCOME_LABELS, Outcome
from .common import DossierError, _set_nominee_status


def check_meeting_date(submission, held_on, *, today):
    """A meeting decides what was sent before it: on or after the day the submission was
    sent to the council, and not in the future."""
    sent_on = timezone.localdate(submission.sent_at) if submission.sent_at else None
    if sent_on is not None and held_on < sent_on:
        raise DossierError(
            _(
                "Ngày họp %(held)s trước ngày trình bản tổng hợp (%(sent)s): Hội đồng chỉ họp "
                "xét hồ sơ đã được trình."
            )
            % {"held": short_date(held_on), "sent": short_date(sent_on)}
        )
    if held_on > today:
        raise DossierError(
            _("Ngày họp %(held)s sau ngày hôm nay (%(today)s): chỉ ghi phiên họp đã diễn ra.")
            % {"held": short_date(held_on), "today": short_date(today)}
        )


def open_meeting(submission, *, by, held_on, place, chair, members_present, now=None):
    """Open a council meeting on a sent submission (council only).

    The council's size is the number of members in office on the meeting day; the
    campaign's quorum and approval rule is copied so later edits do not change it.
    Refuses a submission not yet sent, one with nothing left to vote on, a second open
    meeting and a chair who is not among those present.
    """
    now = now or timezone.now()
    if not can_act_for_council(by):
        raise DossierError(_("Chỉ Hội đồng Thi đua – Khen thưởng mới mở phiên họp."))
    with transaction.atomic():
        submission = DistrictSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != DistrictSubmission.Status.SENT:
            raise DossierError(_("Bản tổng hợp chưa được trình Hội đồng."))
        if submission.meetings.filter(status=CouncilMeeting.Status.OPEN).exists():
            raise DossierError(_("Đang có phiên họp chưa kết thúc cho bản tổng hợp này."))
        if not submission.nominees.filter(status=Nominee.Status.INCLUDED).exists():
            raise DossierError(_("Không còn đề nghị nào chờ Hội đồng xét."))
        check_meeting_date(submission, held_on, today=timezone.localdate(now))
        try:
            council = roles_on(submission.campaign, held_on).council
        except DocumentError as error:
            raise DossierError(str(error)) from error
        in_office = CouncilMember.objects.active_on(held_on).of_council(council)
        members_present = list(members_present)
        if not members_present:
            raise DossierError(_("Cần chọn các thành viên dự họp."))
        outsiders = {m.pk for m in members_present} - set(in_office.values_list("pk", flat=True))
        if outsiders:
            raise DossierError(
                _("Có thành viên dự họp không thuộc %(council)s vào ngày họp.")
                % {"council": council.sentence_name}
            )
        if chair not in members_present:
            raise DossierError(_("Người chủ trì phải có mặt trong số thành viên dự họp."))
        rule = DossierRule.for_campaign(submission.campaign)
        meeting = CouncilMeeting.objects.create(
            submission=submission,
            held_on=held_on,
            place=nfc(place),
            chair=chair,
            member_count=in_office.count(),
            created_by=by,
            created_at=now,
            **rule.voting_rule_values(),
        )
        meeting.members_present.set(members_present)
        record_transition(
            meeting, by=by, from_state="", to_state=CouncilMeeting.Status.OPEN, at=now
        )
    return meeting


def record_votes(meeting, *, by, votes):
    """Store the votes of an open meeting: `votes` maps (member pk, nominee pk) to a choice.

    Council only. Refuses a closed meeting, a member not present and a nominee the
    meeting does not vote on. An empty choice deletes that vote.
    """
    if not can_act_for_council(by):
        raise DossierError(_("Chỉ Hội đồng Thi đua – Khen thưởng mới ghi biểu quyết."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != CouncilMeeting.Status.OPEN:
            raise DossierError(_("Phiên họp đã kết thúc, không sửa biểu quyết được."))
        present = set(meeting.members_present.values_list("pk", flat=True))
        nominees = set(meeting_nominees(meeting).values_list("pk", flat=True))
        for (member_id, nominee_id), choice in votes.items():
            if member_id not in present or nominee_id not in nominees:
                raise DossierError(_("Biểu quyết không thuộc phiên họp này."))
            if choice:
                if choice not in Vote.Choice.values:
                    raise DossierError(_("Lựa chọn biểu quyết không hợp lệ."))
                Vote.objects.update_or_create(
                    meeting=meeting,
                    member_id=member_id,
                    nominee_id=nominee_id,
                    defaults={"choice": choice},
                )
            else:
                Vote.objects.filter(
                    meeting=meeting, member_id=member_id, nominee_id=nominee_id
                ).delete()
    return meeting


def close_meeting(meeting, *, by, now=None):
    """End a meeting; each nominee's result follows from the votes (council only).

    Without quorum the meeting ends with no result and its nominees wait for another
    meeting. With quorum every member present must have voted on every nominee; each
    nominee becomes approved or not approved and the office is notified.
    """
    now = now or timezone.now()
    if not can_act_for_council(by):
        raise DossierError(_("Chỉ Hội đồng Thi đua – Khen thưởng mới kết thúc phiên họp."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != CouncilMeeting.Status.OPEN:
            raise DossierError(_("Phiên họp đã kết thúc."))
        present = list(meeting.members_present.all())
        nominees = list(meeting_nominees(meeting))
        tallies = tally_meeting(meeting, nominees, present)
        has_quorum = meeting.has_quorum(len(present))
        if has_quorum:
            incomplete = [n.name for n in nominees if tallies[n.pk].missing]
            if incomplete:
                raise DossierError(
                    _("Chưa ghi đủ biểu quyết của các thành viên dự họp đối với: %(names)s.")
                    % {"names": "; ".join(incomplete)}
                )
            for nominee in nominees:
                tally = tallies[nominee.pk]
                status = (
                    Nominee.Status.APPROVED if tally.is_approved else Nominee.Status.NOT_APPROVED
                )
                _set_nominee_status(
                    nominee,
                    status,
                    by=by,
                    at=now,
                    comment=_("%(yes)s/%(present)s thành viên dự họp đồng ý")
                    % {"yes": tally.yes, "present": tally.present},
                )
        meeting.status = CouncilMeeting.Status.CLOSED
        meeting.closed_at = now
        meeting.save()
        record_transition(
            meeting,
            by=by,
            from_state=CouncilMeeting.Status.OPEN,
            to_state=meeting.status,
            comment="" if has_quorum else str(OUTCOME_LABELS[Outcome.NO_QUORUM]),
            at=now,
        )
        notify_users(
            office_users(meeting.submission.campaign.organisation_id),
            subject=_("Kết quả họp Hội đồng Thi đua – Khen thưởng"),
            text=_("Hội đồng đã họp ngày %(day)s về đề nghị khen thưởng năm %(year)s.")
            % {"day": short_date(meeting.held_on), "year": meeting.submission.year},
            url=reverse("dossiers:meeting_detail", args=[meeting.pk]),
            at=now,
        )
    return meeting, has_quorum
