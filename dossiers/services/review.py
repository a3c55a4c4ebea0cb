"""The culture office's review of a submitted proposal: each nominee accepted or returned."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import notify_users
from core.text import nfc
from core.workflow import mark_reviewed, require_state
from registrations.roles import office_only
from units.models import User

from ..models import AwardProposal, Nominee
from ..permissions import can_review_proposals
from .common import DossierError, _locked_proposal, _set_nominee_status


def review_proposal(proposal, *, by, decisions, now=None):
    """The office's review: accept each waiting nominee or return it with a reason.

    `decisions` maps a nominee's pk to ("accept", "") or ("return", reason). Refuses
    anyone but the culture office, a proposal not submitted, a waiting nominee without
    a decision and a return without a reason. The proposal is accepted when every
    nominee is, else returned; the unit is notified either way.
    """
    now = now or timezone.now()
    if not can_review_proposals(by):
        raise DossierError(office_only(proposal.campaign, _("xét hồ sơ đề nghị khen thưởng")))
    with transaction.atomic():
        proposal = _locked_proposal(proposal)
        require_state(
            proposal,
            (AwardProposal.Status.SUBMITTED,),
            DossierError,
            _("Hồ sơ đang ở trạng thái “%(status)s”, không xét được."),
        )
        waiting = list(proposal.nominees.filter(status=Nominee.Status.PENDING))
        returned = []
        for nominee in waiting:
            verdict, reason = decisions.get(nominee.pk, ("", ""))
            reason = nfc((reason or "").strip())
            if verdict == "accept":
                _set_nominee_status(nominee, Nominee.Status.ACCEPTED, by=by, at=now)
            elif verdict == "return":
                if not reason:
                    raise DossierError(
                        _("Cần ghi lý do trả lại đối với %(name)s.") % {"name": nominee.name}
                    )
                _set_nominee_status(nominee, Nominee.Status.RETURNED, by=by, at=now, comment=reason)
                returned.append(f"{nominee.name}: {reason}")
            else:
                raise DossierError(
                    _("Chưa chọn tiếp nhận hay trả lại đối với %(name)s.") % {"name": nominee.name}
                )
        mark_reviewed(
            proposal,
            by=by,
            to_state=AwardProposal.Status.RETURNED if returned else AwardProposal.Status.ACCEPTED,
            comment="\n".join(returned),
            at=now,
        )
        if returned:
            subject = _("Hồ sơ đề nghị khen thưởng bị trả lại")
            text = _("Hồ sơ đề nghị khen thưởng năm %(year)s bị trả lại: %(reasons)s")
        else:
            subject = _("Hồ sơ đề nghị khen thưởng đã được tiếp nhận")
            text = _("Hồ sơ đề nghị khen thưởng năm %(year)s đã được tiếp nhận.")
        notify_users(
            User.objects.filter(unit_id=proposal.unit_id, is_active=True),
            subject=subject,
            text=text % {"year": proposal.year, "reasons": "; ".join(returned)},
            url=reverse("dossiers:proposal_detail", args=[proposal.pk]),
            at=now,
        )
    return proposal
