"""Forwarding to the province: the district's Tờ trình for a form the provincial chairman awards."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardForm
from core.services import notify_users
from core.text import nfc
from documents.services import DocumentError
from registrations.roles import roles_on
from units.queries import office_users, unit_members

from ..models import CouncilMeeting, Nominee, ProvincialSubmission
from ..permissions import can_act_for_council
from ..queries import forwardable_nominees
from .common import DossierError, _set_nominee_status
from .decisions import check_decision_date


def forward_to_province(meeting, *, by, award_form, data, now=None):
    """Record the district's Tờ trình to the provincial chairman for one provincial form.

    Council only. Refuses an open meeting and a form with no approved nominee. The
    nominees become "forwarded"; the province's decision is recorded later.
    """
    now = now or timezone.now()
    if not can_act_for_council(by):
        raise DossierError(_("Chỉ Hội đồng Thi đua – Khen thưởng mới lập tờ trình lên tỉnh."))
    if award_form.level != AwardForm.Level.PROVINCE:
        raise DossierError(_("Chỉ hình thức do Chủ tịch UBND tỉnh quyết định mới trình lên tỉnh."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != CouncilMeeting.Status.CLOSED:
            raise DossierError(_("Phiên họp chưa kết thúc."))
        nominees = list(forwardable_nominees(meeting).filter(award_form=award_form))
        if not nominees:
            raise DossierError(
                _("Không có tập thể, cá nhân nào được đề nghị “%(form)s” chờ trình tỉnh.")
                % {"form": award_form}
            )
        check_decision_date(
            meeting, data.get("submitted_on"), today=timezone.localdate(now), paper=_("Tờ trình")
        )
        forwarding = ProvincialSubmission.objects.create(
            meeting=meeting,
            award_form=award_form,
            created_by=by,
            created_at=now,
            **{k: nfc(v) for k, v in data.items()},
        )
        for nominee in nominees:
            nominee.forwarding = forwarding
            nominee.save(update_fields=["forwarding"])
            _set_nominee_status(nominee, Nominee.Status.FORWARDED, by=by, at=now)
        campaign = meeting.submission.campaign
        notify_users(
            unit_members({n.proposal.unit_id for n in nominees})
            | office_users(campaign.organisation_id),
            subject=_("Đề nghị cấp trên khen thưởng"),
            text=_forwarded_text(
                campaign,
                award_form,
                len(nominees),
                data.get("submitted_on") or timezone.localdate(now),
            ),
            url=reverse("dossiers:forwarding_detail", args=[forwarding.pk]),
            at=now,
        )
    return forwarding


def _forwarded_text(campaign, award_form, count, day):
    """ "Ủy ban nhân dân huyện … đã trình Chủ tịch Ủy ban nhân dân tỉnh … tặng …": who
    forwarded to whom, named from the campaign's roles on the day."""
    values = {"form": award_form, "n": count}
    try:
        roles = roles_on(campaign, day)
        values |= {
            "sender": roles.authority().sentence_name,
            "chairman": roles.chairman(award_form),
        }
    except DocumentError:
        return _("Đã trình cấp trên tặng %(form)s cho %(n)s tập thể, cá nhân.") % values
    return _("%(sender)s đã trình %(chairman)s tặng %(form)s cho %(n)s tập thể, cá nhân.") % values
