"""The award decision after a closed meeting: drafted, edited, issued with each awardee's bonus."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.datacache import data_changed
from core.services import notify_users, record_transition
from core.text import money, nfc, short_date
from documents.services import DocumentError, issue_document
from registrations.roles import roles_on
from units.queries import office_users, unit_members

from ..models import AwardDecision, CouncilMeeting, Nominee
from ..papers import decision_fingerprint, finished_decision_draft
from ..permissions import can_act_for_council
from ..queries import bonus_lines, decision_candidates
from .common import DossierError, _set_nominee_status


def check_decision_date(meeting, decided_on, *, today=None, paper=None):
    """A decision (or Tờ trình) cites its council meeting: it is dated on or after the
    meeting and, once issued, not after today."""
    paper = paper or _("Quyết định")
    if decided_on is None:
        return
    if decided_on < meeting.held_on:
        raise DossierError(
            _(
                "%(paper)s không thể ghi ngày %(day)s, trước phiên họp Hội đồng ngày %(held)s "
                "mà nó căn cứ."
            )
            % {"paper": paper, "day": short_date(decided_on), "held": short_date(meeting.held_on)}
        )
    if today is not None and decided_on > today:
        raise DossierError(
            _("%(paper)s ghi ngày %(day)s, sau ngày hôm nay (%(today)s): chưa ban hành được.")
            % {"paper": paper, "day": short_date(decided_on), "today": short_date(today)}
        )


def draft_decision(meeting, *, by, award_form, data, now=None):
    """Prepare the decision for one award form from a closed meeting (council only).

    Refuses an open meeting and an award form with no nominee to award. The awardees
    are attached now; their bonus is fixed when the decision is issued.
    """
    now = now or timezone.now()
    if not can_act_for_council(by):
        raise DossierError(_("Chỉ Hội đồng Thi đua – Khen thưởng mới lập quyết định."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != CouncilMeeting.Status.CLOSED:
            raise DossierError(_("Phiên họp chưa kết thúc."))
        candidates = list(decision_candidates(meeting, award_form))
        if not candidates:
            raise DossierError(
                _("Không có tập thể, cá nhân nào được đề nghị “%(form)s” chờ quyết định.")
                % {"form": award_form}
            )
        check_decision_date(meeting, data.get("decided_on"))
        if data.get("decided_on") and award_form.why_not_offered(data["decided_on"]):
            raise DossierError(award_form.why_not_offered(data["decided_on"]))
        decision = AwardDecision.objects.create(
            meeting=meeting,
            award_form=award_form,
            created_by=by,
            created_at=now,
            **{k: nfc(v) for k, v in data.items()},
        )
        Nominee.objects.filter(pk__in=[n.pk for n in candidates]).update(decision=decision)
        record_transition(
            decision, by=by, from_state="", to_state=AwardDecision.Status.DRAFT, at=now
        )
    return decision


def update_decision(decision, *, by, data):
    """Edit a draft decision's number, date, signer and fund (council only)."""
    if not can_act_for_council(by):
        raise DossierError(_("Chỉ Hội đồng Thi đua – Khen thưởng mới sửa quyết định."))
    with transaction.atomic():
        decision = AwardDecision.objects.select_for_update().get(pk=decision.pk)
        if decision.status != AwardDecision.Status.DRAFT:
            raise DossierError(_("Quyết định đã ban hành, không sửa được."))
        decided_on = data.get("decided_on", decision.decided_on)
        check_decision_date(decision.meeting, decided_on)
        if decision.award_form.why_not_offered(decided_on):
            raise DossierError(decision.award_form.why_not_offered(decided_on))
        for field, value in data.items():
            setattr(decision, field, nfc(value))
        decision.save()
        data_changed()  # the district submissions list shows a draft decision's number
    return decision


def issue_decision(decision, *, by, now=None):
    """Issue the decision: each awardee's bonus is fixed from the rules on the decision date.

    Council only. Refuses a decision already issued and one for which a bonus cannot be
    computed (no rule on that date). A decision recorded with its number (issued outside
    the portal, or the province's) keeps it; otherwise its printed draft must exist and
    match, and issuing that draft takes the next number of the district's register, dated
    the decision day. Awardees become "awarded" and appear on the honour roll; their
    units and the office are notified.
    """
    now = now or timezone.now()
    if not can_act_for_council(by):
        raise DossierError(_("Chỉ Hội đồng Thi đua – Khen thưởng mới ban hành quyết định."))
    with transaction.atomic():
        decision = (
            AwardDecision.objects.select_for_update()
            .select_related("award_form", "meeting__submission")
            .get(pk=decision.pk)
        )
        if decision.status != AwardDecision.Status.DRAFT:
            raise DossierError(_("Quyết định đã ban hành."))
        check_decision_date(decision.meeting, decision.decided_on, today=timezone.localdate(now))
        if decision.award_form.why_not_offered(decision.decided_on):
            raise DossierError(decision.award_form.why_not_offered(decision.decided_on))
        awardees = list(decision.awardees.with_related())
        if not awardees:
            raise DossierError(_("Quyết định chưa có tập thể, cá nhân nào."))
        # Without a number typed in (a decision issued outside the portal), the number
        # comes from the district's register when the printed draft is issued.
        draft = None
        if not decision.number.strip():
            draft = _decision_draft_to_issue(decision)
        for line in bonus_lines(decision, awardees):
            if line.error:
                raise DossierError(line.error)
            nominee = line.nominee
            nominee.bonus_amount = line.amount
            nominee.bonus_note = line.explanation
            nominee.save(update_fields=["bonus_amount", "bonus_note"])
            _set_nominee_status(
                nominee, Nominee.Status.AWARDED, by=by, at=now, comment=str(decision)
            )
        decision.status = AwardDecision.Status.ISSUED
        decision.issued_at = now
        decision.save()
        if draft is not None:
            try:
                document = issue_document(draft, by=by, today=decision.decided_on)
            except DocumentError as error:
                raise DossierError(str(error)) from error
            decision.number = document.reference
            decision.save(update_fields=["number"])
        total = sum(n.bonus_amount for n in awardees)
        record_transition(
            decision,
            by=by,
            from_state=AwardDecision.Status.DRAFT,
            to_state=decision.status,
            comment=_("Tổng tiền thưởng: %(total)s") % {"total": money(total)},
            at=now,
        )
        unit_ids = {n.proposal.unit_id for n in awardees}
        notify_users(
            unit_members(unit_ids)
            | office_users(decision.meeting.submission.campaign.organisation_id),
            subject=_("Quyết định khen thưởng"),
            text=_("%(decision)s: %(form)s cho %(n)s tập thể, cá nhân (năm %(year)s).")
            % {
                "decision": decision,
                "form": decision.award_form,
                "n": len(awardees),
                "year": decision.meeting.submission.year,
            },
            url=reverse("honour_roll") + f"?nam={decision.meeting.submission.year}",
            at=now,
        )
    return decision


def _decision_draft_to_issue(decision):
    campaign = decision.meeting.submission.campaign
    if not roles_on(campaign, decision.decided_on).decides(decision.award_form):
        raise DossierError(_("Cần ghi số, ngày quyết định của cấp tỉnh trước khi ghi nhận."))
    draft = finished_decision_draft(decision)
    if draft is None:
        raise DossierError(
            _(
                "Cần tạo dự thảo quyết định (bản in) trước khi ban hành: số quyết định được lấy "
                "từ sổ văn bản khi ban hành."
            )
        )
    if draft.snapshot["content"].get("fingerprint") != decision_fingerprint(decision):
        raise DossierError(
            _("Dự thảo quyết định không còn khớp với ngày, người ký hoặc danh sách; hãy tạo lại.")
        )
    return draft
