"""Forwarding to the province: the district's Tờ trình for a form the provincial chairman awards."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardForm
from core.services import notify_users
from core.text import nfc
from units.models import Role, User

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
        notify_users(
            User.objects.filter(
                Q(unit_id__in={n.proposal.unit_id for n in nominees}) | Q(role=Role.CULTURE_OFFICE),
                is_active=True,
            ),
            subject=_("Đề nghị UBND tỉnh khen thưởng"),
            text=_(
                "UBND huyện đã trình Chủ tịch UBND tỉnh tặng %(form)s cho %(n)s tập thể, cá nhân."
            )
            % {"form": award_form, "n": len(nominees)},
            url=reverse("dossiers:forwarding_detail", args=[forwarding.pk]),
            at=now,
        )
    return forwarding
