"""Award dossier workflow, from the unit's proposal to the decision (plan IV.3–V).

Proposal: draft → submitted (by the unit head) → returned (per nominee, with reasons)
| accepted (by the culture office). Nominee: pending → accepted | returned → included
in the district submission → approved | not approved by the council → awarded by a
decision, or forwarded to the province (Bằng khen) and then awarded. Every transition
checks the actor's role and the current state and writes the state and a transition
record in one transaction; what a unit submitted is frozen as a Version.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardForm, Subject
from core.files import remove_files, save_atomically
from core.heartbeat import beating, queued_before, stale_before
from core.queue import enqueue, enqueue_on_commit
from core.services import notify_users, record_transition
from core.text import money, nfc, same_name, short_date
from core.workflow import lock, mark_reviewed, mark_submitted, require_state
from documents.services import DocumentError, issue_document
from registrations.models import CampaignRole, Registration
from registrations.roles import office_only, roles_on
from registrations.services import RegistrationError, check_unit_in_force
from units.models import Role, User
from units.permissions import is_member_of

from . import imports, printing
from .eligibility import is_collective_eligible
from .models import (
    AwardDecision,
    AwardProposal,
    BulkPrint,
    BulkPrintPart,
    CouncilMeeting,
    CouncilMember,
    DistrictSubmission,
    DossierRule,
    Nominee,
    PriorAward,
    ProvincialSubmission,
    Vote,
)
from .papers import decision_fingerprint, finished_decision_draft, issued_letters
from .permissions import (
    can_act_for_council,
    can_bulk_print,
    can_consolidate,
    can_review_proposals,
    can_send_proposal,
    can_work_on_proposal,
    is_office_of,
)
from .queries import (
    bonus_lines,
    consolidable_nominees,
    decision_candidates,
    forwardable_nominees,
    meeting_dossiers,
    meeting_nominees,
    tally_meeting,
)
from .voting import OUTCOME_LABELS, Outcome

logger = logging.getLogger(__name__)

# The fields of a nominee a unit fills in (personal data and report sections).
NOMINEE_FIELDS = (
    "category",
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "position",
    "qualifications",
    "honours",
    "workplace",
    "report_type",
    "background",
    "duties",
    "achievements",
    "policy_compliance",
    "party_activities",
    "summary",
)
PERSONAL_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "position",
    "qualifications",
    "honours",
)


class DossierError(Exception):
    """A refused dossier action; the message is shown to the user."""


# --- The unit's proposal ---------------------------------------------------------------------


def start_proposal(registration, *, by, now=None):
    """Open the draft award proposal of the actor's unit for the year of `registration`.

    Refuses non-members of the unit, a registration the office has not accepted, and a
    second proposal for the same year.
    """
    if not is_member_of(by, registration.unit_id):
        raise DossierError(_("Chỉ cán bộ của đơn vị mới lập được hồ sơ đề nghị khen thưởng."))
    if registration.status != Registration.Status.ACCEPTED:
        raise DossierError(
            _("Đăng ký thi đua năm %(year)s chưa được tiếp nhận nên chưa lập hồ sơ được.")
            % {"year": registration.window.year}
        )
    now = now or timezone.now()
    year = registration.window.year
    try:
        check_unit_in_force(registration.unit, timezone.localdate(now))
    except RegistrationError as error:
        raise DossierError(str(error)) from error
    try:
        with transaction.atomic():
            proposal = AwardProposal.objects.create(
                campaign=registration.window.campaign,
                year=year,
                unit_id=registration.unit_id,
                registration=registration,
                created_by=by,
            )
            record_transition(
                proposal, by=by, from_state="", to_state=AwardProposal.Status.DRAFT, at=now
            )
    except IntegrityError as error:
        raise DossierError(
            _("Đơn vị đã có hồ sơ đề nghị khen thưởng năm %(year)s.") % {"year": year}
        ) from error
    return proposal


def start_office_proposal(campaign, *, by, year, occasion, title, now=None):
    """Open the culture office's own draft proposal (plan VI.1): thematic or outstanding
    achievements, people outside any registered unit. No registration; its unit is the
    campaign's standing office. It then goes the units' way: reports, consolidation,
    council, decision.

    Refuses anyone but the culture office of the campaign's organisation, a year outside
    the campaign, an unknown occasion and an empty title.
    """
    now = now or timezone.now()
    if not is_office_of(by, campaign):
        raise DossierError(office_only(campaign, _("lập đề xuất khen thưởng của Phòng")))
    if not campaign.start_year <= year <= campaign.end_year:
        raise DossierError(
            _("Năm %(year)s nằm ngoài thời gian của phong trào (%(start)s–%(end)s).")
            % {"year": year, "start": campaign.start_year, "end": campaign.end_year}
        )
    if occasion not in AwardProposal.Occasion.values:
        raise DossierError(_("Cần chọn khen thưởng theo chuyên đề hay đột xuất."))
    title = nfc((title or "").strip())
    if not title:
        raise DossierError(_("Cần ghi nội dung đề xuất khen thưởng."))
    unit = _standing_office_unit(campaign, timezone.localdate(now)) or by.unit
    if unit is None:
        raise DossierError(
            _(
                "Cơ quan thường trực của phong trào chưa gắn với một đơn vị trong danh mục "
                "(quản trị hệ thống cần cập nhật) nên chưa lập được đề xuất."
            )
        )
    with transaction.atomic():
        proposal = AwardProposal.objects.create(
            campaign=campaign,
            year=year,
            unit=unit,
            origin=AwardProposal.Origin.OFFICE,
            occasion=occasion,
            title=title,
            created_by=by,
        )
        record_transition(
            proposal, by=by, from_state="", to_state=AwardProposal.Status.DRAFT, at=now
        )
    return proposal


def _standing_office_unit(campaign, day):
    """The unit of the body that is the campaign's standing office on `day`; failing that
    (a successor body outside the unit list), of the latest standing office that had one."""
    try:
        unit = roles_on(campaign, day).standing_office.unit
    except DocumentError:
        unit = None
    if unit is not None:
        return unit
    earlier = (
        CampaignRole.objects.filter(
            campaign=campaign, kind=CampaignRole.Kind.STANDING_OFFICE, body__unit__isnull=False
        )
        .select_related("body__unit")
        .order_by("-valid_from")
        .first()
    )
    return earlier.body.unit if earlier else None


def add_nominee(proposal, *, by, subject, award_form, data, prior_awards=(), now=None):
    """Add a collective (the unit itself) or an individual to a draft or returned proposal.

    Refuses other units, a proposal already sent, an award form not meant for that
    subject, a second collective, a collective whose unit is not eligible for the year
    (a mandatory criterion not met) and a summary where the campaign requires reports.
    """
    _check_unit_member(proposal, by)
    with transaction.atomic():
        proposal = _locked_proposal(proposal)
        _check_editable(proposal)
        if subject == Subject.COLLECTIVE:
            _check_collective_allowed(proposal)
        else:
            _check_not_proposed_twice(proposal, data)
        nominee = Nominee(
            proposal=proposal,
            subject=subject,
            order=proposal.nominees.count() + 1,
        )
        _fill_nominee(nominee, award_form, data, timezone.localdate(now))
        nominee.save()
        _replace_prior_awards(nominee, prior_awards)
    return nominee


def import_nominees(proposal, upload, *, by, now=None):
    """Add the individuals (and the unit's collective) listed in a spreadsheet to a draft
    or returned proposal, all or none (issue 15).

    Refuses other units, a proposal already sent, and the whole file when one row is
    invalid as on the nominee form, repeats a person of the file, or names someone the
    proposal already has (same name and birth date): NomineeImportError lists the line
    and the reason of each. Returns the nominees added.
    """
    _check_unit_member(proposal, by)
    rule = DossierRule.for_campaign(proposal.campaign)
    rows = imports.checked_rows(
        upload, allows_summary=rule.allows_summary, today=timezone.localdate(now)
    )
    with transaction.atomic():
        proposal = _locked_proposal(proposal)
        _check_editable(proposal)
        listed = {
            (same_name(name), birth): name
            for name, birth in proposal.nominees.filter(subject=Subject.INDIVIDUAL).values_list(
                "full_name", "birth_date"
            )
        }
        errors = [
            (number, _("%(name)s đã có trong hồ sơ") % {"name": data["full_name"]})
            for number, subject, _form, data in rows
            if subject == Subject.INDIVIDUAL
            and (same_name(data["full_name"]), data.get("birth_date")) in listed
        ]
        if errors:
            raise imports.NomineeImportError(errors)
        added = []
        for number, subject, award_form, data in rows:
            try:
                added.append(
                    add_nominee(
                        proposal,
                        by=by,
                        subject=subject,
                        award_form=award_form,
                        data=data,
                        now=now,
                    )
                )
            except DossierError as error:  # the whole file is rolled back
                raise imports.NomineeImportError([(number, str(error))]) from error
    return added


def _check_not_proposed_twice(proposal, data):
    name = same_name(data.get("full_name"))
    for other in proposal.nominees.filter(subject=Subject.INDIVIDUAL):
        if same_name(other.full_name) == name and other.birth_date == data.get("birth_date"):
            raise DossierError(
                _("%(name)s đã có trong hồ sơ; mở dòng của người này để sửa nếu cần.")
                % {"name": other.full_name}
            )


def update_nominee(nominee, *, by, award_form, data, prior_awards=(), now=None):
    """Replace a nominee's data and report. Refuses a nominee the office already accepted."""
    _check_unit_member(nominee.proposal, by)
    with transaction.atomic():
        _locked_proposal(nominee.proposal)
        nominee = Nominee.objects.select_related("proposal__unit").get(pk=nominee.pk)
        _check_nominee_editable(nominee)
        _fill_nominee(nominee, award_form, data, timezone.localdate(now))
        nominee.save()
        _replace_prior_awards(nominee, prior_awards)
    return nominee


def remove_nominee(nominee, *, by):
    """Take a nominee off a draft or returned proposal (never one already accepted)."""
    _check_unit_member(nominee.proposal, by)
    with transaction.atomic():
        _locked_proposal(nominee.proposal)
        nominee = Nominee.objects.select_related("proposal").get(pk=nominee.pk)
        _check_nominee_editable(nominee)
        nominee.delete()


def _fill_nominee(nominee, award_form, data, day):
    reason = award_form.why_not_offered(day)
    if reason:
        raise DossierError(reason)
    if nominee.is_collective and not award_form.for_collectives:
        raise DossierError(_("Hình thức “%(form)s” không dành cho tập thể.") % {"form": award_form})
    if not nominee.is_collective and not award_form.for_individuals:
        raise DossierError(_("Hình thức “%(form)s” không dành cho cá nhân.") % {"form": award_form})
    nominee.award_form = award_form
    for field in NOMINEE_FIELDS:
        if field in data:
            setattr(nominee, field, nfc(data[field]) if data[field] is not None else None)
    if not nominee.proposal.is_office_proposal:
        nominee.workplace = ""  # a unit's people work at the unit
    if nominee.is_collective:
        for field in ("category", *PERSONAL_FIELDS):
            setattr(nominee, field, None if field == "birth_date" else "")
    elif not nominee.full_name.strip():
        raise DossierError(_("Cần ghi họ và tên cá nhân được đề nghị."))
    rule = DossierRule.for_campaign(nominee.proposal.campaign)
    if nominee.report_type == Nominee.ReportType.SUMMARY and not rule.allows_summary:
        raise DossierError(
            _("Phong trào này yêu cầu báo cáo thành tích đầy đủ, không nhận tóm tắt thành tích.")
        )


def _replace_prior_awards(nominee, rows):
    nominee.prior_awards.all().delete()
    PriorAward.objects.bulk_create(
        PriorAward(nominee=nominee, **{k: nfc(v) for k, v in row.items()}) for row in rows
    )


def _check_collective_allowed(proposal):
    if proposal.is_office_proposal:
        raise DossierError(
            _("Đề xuất của Phòng gồm các cá nhân; tập thể do đơn vị đề nghị qua hồ sơ của mình.")
        )
    if proposal.nominees.filter(subject=Subject.COLLECTIVE).exists():
        raise DossierError(_("Hồ sơ đã có tập thể đơn vị; mỗi hồ sơ đề nghị một tập thể."))
    if not is_collective_eligible(proposal.unit, proposal.year):
        raise DossierError(
            _(
                "%(unit)s chưa đủ điều kiện đề nghị khen thưởng tập thể năm %(year)s: chưa đạt "
                "đủ các tiêu chí bắt buộc theo kết quả chấm điểm."
            )
            % {"unit": proposal.unit, "year": proposal.year}
        )


def submit_proposal(proposal, *, by, now=None):
    """Send the proposal to the culture office on the unit's behalf (unit head only).

    Refuses a proposal not in draft or returned state, one without nominees, and one
    whose nominees lack what the outline requires (report sections, personal data) or
    whose collective is no longer eligible. Returned nominees go back to the office's
    queue; accepted ones stay accepted. Freezes a version and notifies the office.
    """
    now = now or timezone.now()
    _check_unit_member(proposal, by)
    if not can_send_proposal(by, proposal):
        raise DossierError(_("Chỉ thủ trưởng đơn vị mới được gửi hồ sơ đề nghị khen thưởng."))
    if proposal.is_office_proposal:
        return _submit_office_proposal(proposal, by=by, now=now)
    with transaction.atomic():
        proposal = _locked_proposal(proposal)
        _check_editable(proposal)
        nominees = list(proposal.nominees.select_related("award_form"))
        if not nominees:
            raise DossierError(_("Hồ sơ chưa có tập thể, cá nhân nào được đề nghị."))
        problems = [problem for n in nominees for problem in _missing_for_submission(n)]
        problems += [
            reason
            for reason in {n.award_form.why_not_offered(timezone.localdate(now)) for n in nominees}
            if reason
        ]
        if problems:
            raise DossierError(_("Chưa gửi được: %(list)s") % {"list": "; ".join(problems)})
        for nominee in nominees:
            if nominee.status == Nominee.Status.RETURNED:
                _set_nominee_status(nominee, Nominee.Status.PENDING, by=by, at=now)
        mark_submitted(proposal, by=by, at=now, snapshot=snapshot)
        notify_users(
            User.objects.filter(role=Role.CULTURE_OFFICE, is_active=True),
            subject=_("Hồ sơ đề nghị khen thưởng mới"),
            text=_("%(unit)s đã gửi hồ sơ đề nghị khen thưởng năm %(year)s.")
            % {"unit": proposal.unit, "year": proposal.year},
            url=reverse("dossiers:proposal_detail", args=[proposal.pk]),
            at=now,
        )
    return proposal


def _submit_office_proposal(proposal, *, by, now):
    """The office closes its own draft: the version is frozen and, the office being both
    author and reviewer, the proposal and its nominees are accepted at once (each step a
    transition) so they wait for the year's consolidation like the units' nominees."""
    with transaction.atomic():
        proposal = _locked_proposal(proposal)
        _check_editable(proposal)
        nominees = list(proposal.nominees.select_related("award_form"))
        if not nominees:
            raise DossierError(_("Đề xuất chưa có cá nhân nào."))
        problems = [problem for n in nominees for problem in _missing_for_submission(n)]
        problems += [
            reason
            for reason in {n.award_form.why_not_offered(timezone.localdate(now)) for n in nominees}
            if reason
        ]
        if problems:
            raise DossierError(_("Chưa chuyển được: %(list)s") % {"list": "; ".join(problems)})
        mark_submitted(proposal, by=by, at=now, snapshot=snapshot)
        for nominee in nominees:
            if nominee.status in Nominee.EDITABLE:
                _set_nominee_status(
                    nominee,
                    Nominee.Status.ACCEPTED,
                    by=by,
                    at=now,
                    comment=_("Đề xuất của cơ quan thường trực phong trào"),
                )
        mark_reviewed(
            proposal,
            by=by,
            to_state=AwardProposal.Status.ACCEPTED,
            comment=_("Đề xuất của cơ quan thường trực phong trào, chuyển tổng hợp"),
            at=now,
        )
    return proposal


def _missing_for_submission(nominee):
    name = nominee.name
    missing = []
    if nominee.is_collective and not is_collective_eligible(
        nominee.proposal.unit, nominee.proposal.year
    ):
        missing.append(_("%(name)s chưa đủ điều kiện khen thưởng tập thể") % {"name": name})
    if nominee.report_type == Nominee.ReportType.SUMMARY:
        if not nominee.summary.strip():
            missing.append(_("%(name)s thiếu tóm tắt thành tích") % {"name": name})
        return missing
    if not nominee.achievements.strip():
        missing.append(_("%(name)s thiếu mục II. Thành tích đạt được") % {"name": name})
    if nominee.is_collective and not nominee.background.strip():
        missing.append(_("%(name)s thiếu mục I. Sơ lược đặc điểm, tình hình") % {"name": name})
    if not nominee.is_collective:
        fields = ("birth_date", "gender", "ethnicity", "position")
        if nominee.proposal.is_office_proposal:
            fields += ("workplace",)
        for field in fields:
            if not getattr(nominee, field):
                label = Nominee._meta.get_field(field).verbose_name
                missing.append(_("%(name)s thiếu %(field)s") % {"name": name, "field": label})
    return missing


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


def snapshot(proposal):
    """What the unit sent, as plain data that stays readable forever."""
    nominees = proposal.nominees.select_related("award_form").prefetch_related("prior_awards")
    return {
        "unit": proposal.proposer_name,
        "origin": proposal.origin,
        "year": proposal.year,
        "submitted_at": proposal.submitted_at.isoformat(),
        "nominees": [
            {
                "subject": n.subject,
                "name": n.name,
                "award_form": n.award_form.name,
                "category": n.get_category_display() if n.category else "",
                "birth_date": short_date(n.birth_date) if n.birth_date else "",
                "gender": n.get_gender_display() if n.gender else "",
                **{f: getattr(n, f) for f in PERSONAL_FIELDS if f not in ("birth_date",)},
                "workplace": n.workplace,
                "report_type": n.report_type,
                "background": n.background,
                "duties": n.duties,
                "achievements": n.achievements,
                "policy_compliance": n.policy_compliance,
                "party_activities": n.party_activities,
                "summary": n.summary,
                "prior_awards": [
                    {
                        "kind": p.kind,
                        "year": p.year,
                        "title": p.title,
                        "decision_ref": p.decision_ref,
                    }
                    for p in n.prior_awards.all()
                ],
            }
            for n in nominees
        ],
    }


# --- The office's consolidation ----------------------------------------------------------------


def start_submission(campaign, year, *, by, now=None):
    """Gather the year's accepted nominees into a new district submission (office only).

    Refuses when there is nothing to consolidate or a draft for the year is open.
    """
    now = now or timezone.now()
    if not can_consolidate(by):
        raise DossierError(office_only(campaign, _("tổng hợp hồ sơ")))
    with transaction.atomic():
        if DistrictSubmission.objects.filter(
            campaign=campaign, year=year, status=DistrictSubmission.Status.DRAFT
        ).exists():
            raise DossierError(
                _("Đã có bản tổng hợp năm %(year)s đang soạn; hãy hoàn thành bản đó.")
                % {"year": year}
            )
        nominees = list(consolidable_nominees(campaign, year).select_for_update())
        if not nominees:
            raise DossierError(
                _("Chưa có tập thể, cá nhân nào được tiếp nhận năm %(year)s để tổng hợp.")
                % {"year": year}
            )
        submission = DistrictSubmission.objects.create(
            campaign=campaign, year=year, created_by=by, created_at=now
        )
        Nominee.objects.filter(pk__in=[n.pk for n in nominees]).update(submission=submission)
        record_transition(
            submission, by=by, from_state="", to_state=DistrictSubmission.Status.DRAFT, at=now
        )
    return submission


def exclude_from_submission(submission, nominee, *, by):
    """Take an accepted nominee out of a submission still being prepared (office only)."""
    if not can_consolidate(by):
        raise DossierError(office_only(submission.campaign, _("sửa bản tổng hợp")))
    with transaction.atomic():
        submission = DistrictSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != DistrictSubmission.Status.DRAFT:
            raise DossierError(_("Bản tổng hợp đã trình Hội đồng, không sửa được."))
        updated = Nominee.objects.filter(pk=nominee.pk, submission=submission).update(
            submission=None
        )
        if not updated:
            raise DossierError(_("Đề nghị này không có trong bản tổng hợp."))


def send_submission(submission, *, by, now=None):
    """Submit the consolidation to the council via Phòng Nội vụ (office only).

    Refuses an empty submission or one already sent. Each nominee becomes "included";
    the council is notified.
    """
    now = now or timezone.now()
    if not can_consolidate(by):
        raise DossierError(office_only(submission.campaign, _("trình bản tổng hợp")))
    with transaction.atomic():
        submission = DistrictSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != DistrictSubmission.Status.DRAFT:
            raise DossierError(_("Bản tổng hợp đã trình Hội đồng."))
        nominees = list(submission.nominees.select_related("proposal__unit"))
        if not nominees:
            raise DossierError(_("Bản tổng hợp chưa có tập thể, cá nhân nào."))
        for nominee in nominees:
            _set_nominee_status(nominee, Nominee.Status.INCLUDED, by=by, at=now)
        submission.status = DistrictSubmission.Status.SENT
        submission.sent_at = now
        submission.save()
        record_transition(
            submission,
            by=by,
            from_state=DistrictSubmission.Status.DRAFT,
            to_state=submission.status,
            at=now,
        )
        # The council of the campaign's own organisation, not another locality's.
        notify_users(
            User.objects.filter(
                role=Role.COUNCIL, is_active=True, organisation=submission.campaign.organisation_id
            ),
            subject=_("Tờ trình đề nghị khen thưởng"),
            text=_("%(office)s trình Hội đồng %(n)s đề nghị khen thưởng năm %(year)s.")
            % {
                "office": roles_on(submission.campaign, timezone.localdate()).name_or(
                    CampaignRole.Kind.STANDING_OFFICE, _("Cơ quan thường trực phong trào")
                ),
                "n": len(nominees),
                "year": submission.year,
            },
            url=reverse("dossiers:submission_detail", args=[submission.pk]),
            at=now,
        )
    return submission


# --- The council ---------------------------------------------------------------------------


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
            User.objects.filter(role=Role.CULTURE_OFFICE, is_active=True),
            subject=_("Kết quả họp Hội đồng Thi đua – Khen thưởng"),
            text=_("Hội đồng đã họp ngày %(day)s về đề nghị khen thưởng năm %(year)s.")
            % {"day": short_date(meeting.held_on), "year": meeting.submission.year},
            url=reverse("dossiers:meeting_detail", args=[meeting.pk]),
            at=now,
        )
    return meeting, has_quorum


# --- Decision and forwarding -----------------------------------------------------------------


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
            User.objects.filter(
                Q(unit_id__in=unit_ids) | Q(role=Role.CULTURE_OFFICE), is_active=True
            ),
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


# --- helpers -----------------------------------------------------------------------------------


def _set_nominee_status(nominee, status, *, by, at, comment=""):
    from_state = nominee.status
    nominee.status = status
    if status == Nominee.Status.RETURNED:
        nominee.return_reason = comment
    elif status in (Nominee.Status.PENDING, Nominee.Status.ACCEPTED):
        nominee.return_reason = ""
    nominee.save(update_fields=["status", "return_reason", "updated_at"])
    record_transition(
        nominee, by=by, from_state=from_state, to_state=status, comment=comment, at=at
    )


def _locked_proposal(proposal):
    return lock(proposal, "unit", "campaign", "registration")


def _check_unit_member(proposal, by):
    if not can_work_on_proposal(by, proposal):
        raise DossierError(_("Bạn không thuộc đơn vị của hồ sơ này."))


def _check_editable(proposal):
    require_state(
        proposal,
        AwardProposal.EDITABLE,
        DossierError,
        _("Hồ sơ đang ở trạng thái “%(status)s”, không sửa được."),
    )


def _check_nominee_editable(nominee):
    _check_editable(nominee.proposal)
    if nominee.status not in Nominee.EDITABLE:
        raise DossierError(
            _("%(name)s đã được tiếp nhận, không sửa được.") % {"name": nominee.name}
        )


# --- Bulk print of a meeting's dossiers -------------------------------------------------------


def start_bulk_print(meeting, *, by, now=None):
    """Print every dossier of a meeting into one PDF in the background (admin or council).

    Refuses other roles, a meeting with nothing to print and a second print of the same
    meeting while one runs. Creates the job with one part per dossier and, after the
    commit, one render task per part; the last part to finish queues the merge.
    """
    from .tasks import render_bulk_part as render_task

    if not can_bulk_print(by):
        raise DossierError(_("Chỉ Hội đồng và quản trị hệ thống mới in toàn bộ hồ sơ."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.prints.filter(status=BulkPrint.Status.RUNNING).exists():
            raise DossierError(_("Đang in hồ sơ của phiên họp này; chờ bản in xong."))
        dossiers = meeting_dossiers(meeting)
        if not dossiers:
            raise DossierError(_("Phiên họp không có hồ sơ nào để in."))
        job = BulkPrint.objects.create(
            meeting=meeting,
            total=len(dossiers),
            requested_by=by,
            requested_at=now or timezone.now(),
        )
        BulkPrintPart.objects.bulk_create(
            BulkPrintPart(job=job, proposal=proposal, order=index)
            for index, (proposal, _nominees) in enumerate(dossiers, start=1)
        )
        for part_id in job.parts.values_list("pk", flat=True):
            enqueue_on_commit(render_task, part_id=part_id)
    return job


def cancel_bulk_print(job, *, by, now=None):
    """Cancel a running bulk print, so that the meeting can be printed again at once.

    Refuses users who may not print and prints that are no longer running. Parts still
    waiting are not printed; a part being printed finishes, but nothing is merged.
    """
    if not can_bulk_print(by):
        raise DossierError(_("Chỉ Hội đồng và quản trị hệ thống mới in toàn bộ hồ sơ."))
    with transaction.atomic():
        cancelled = BulkPrint.objects.filter(pk=job.pk, status=BulkPrint.Status.RUNNING).update(
            status=BulkPrint.Status.CANCELLED,
            error=_("Đã huỷ bởi %(name)s.") % {"name": str(by)},
            finished_at=now or timezone.now(),
        )
        if not cancelled:
            raise DossierError(_("Bản in này không còn đang chạy."))
        BulkPrintPart.objects.filter(job_id=job.pk, status=BulkPrintPart.Status.QUEUED).update(
            status=BulkPrintPart.Status.FAILED, error=_("Đã huỷ.")
        )
    job.refresh_from_db()
    return job


def _part_claimable(now=None):
    """Queued, or running with a silent heartbeat (its worker died), of a running print."""
    return Q(job__status=BulkPrint.Status.RUNNING) & (
        Q(status=BulkPrintPart.Status.QUEUED)
        | Q(status=BulkPrintPart.Status.RUNNING, heartbeat_at__lt=stale_before(now))
    )


def render_bulk_part(part_id):
    """Render one dossier of a bulk print to PDF; safe to run twice.

    Claims a queued part, or one whose worker died (its heartbeat stopped), of a print
    still running; a finished or live part is left alone, so a dossier is never counted
    twice. A part that used settings.MAX_RENDER_ATTEMPTS is failed with the reason; any
    other failure marks it failed with the error instead of counting it printed. The
    file is written under a temporary name (no partial file survives a failure). The
    last part to finish queues the merge.
    """
    now = timezone.now()
    part_row = BulkPrintPart.objects.filter(pk=part_id)
    claimed = part_row.filter(
        _part_claimable(now), attempts__lt=settings.MAX_RENDER_ATTEMPTS
    ).update(status=BulkPrintPart.Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now)
    if not claimed:
        if part_row.filter(_part_claimable(now)).update(
            status=BulkPrintPart.Status.FAILED, error=_part_over_cap_reason()
        ):
            _count_bulk_part(part_row.values_list("job_id", flat=True).get())
        return None
    part = BulkPrintPart.objects.select_related("proposal__unit", "job__meeting").get(pk=part_id)
    mine = BulkPrintPart.objects.filter(
        pk=part_id, attempts=part.attempts, status=BulkPrintPart.Status.RUNNING
    )
    written = []
    try:
        with beating(mine):
            nominees = [
                n for n in meeting_nominees(part.job.meeting) if n.proposal_id == part.proposal_id
            ]
            papers = printing.dossier_papers(part.proposal, nominees)
            data, pages = printing.concatenate(
                [printing.paper_pdf(code, src) for code, src in papers]
            )
            name = save_atomically(
                default_storage, f"bulk/parts/{uuid.uuid4().hex}.pdf", data, written
            )
            finished = mine.update(status=BulkPrintPart.Status.DONE, pdf=name, page_count=pages)
        if not finished:  # a later attempt owns the part; its file counts
            remove_files(default_storage, written)
    except Exception as error:  # a dossier that cannot be printed is reported, not skipped
        logger.exception("Bulk print part %s failed", part_id)
        remove_files(default_storage, written)
        finished = mine.update(
            status=BulkPrintPart.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
    if finished:
        _count_bulk_part(part.job_id)
    return part


def _part_over_cap_reason():
    return _(
        "Đã thử in %(n)s lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian cho phép)."
    ) % {"n": settings.MAX_RENDER_ATTEMPTS}


def _count_bulk_part(job_id):
    """Recount a print's finished parts; the last one queues the merge (once).

    A recount, not an increment: a part counted twice (a task delivered twice, the
    sweep) cannot push the progress past the total.
    """
    from .tasks import merge_bulk_print as merge_task

    with transaction.atomic():
        # The row lock: concurrent parts count one after the other, and exactly one of
        # them sees the last dossier finished and queues the merge.
        job = BulkPrint.objects.select_for_update().get(pk=job_id)
        before = job.done + job.failed
        statuses = list(job.parts.values_list("status", flat=True))
        job.done = statuses.count(BulkPrintPart.Status.DONE)
        job.failed = statuses.count(BulkPrintPart.Status.FAILED)
        job.save(update_fields=["done", "failed"])
        if job.done + job.failed == job.total and before < job.total:
            enqueue_on_commit(merge_task, job_id=job_id)


def recover_bulk_prints(*, now=None):
    """Sweep: finish every running bulk print whose tasks were lost; return how many sent.

    Sends again the parts still queued a minute after the request (Redis was down at
    the commit), the parts whose heartbeat stopped (their worker died; failed with the
    reason once they used settings.MAX_RENDER_ATTEMPTS) and the merge of a print whose
    parts are all finished. A print therefore always ends done or failed (then printed
    again), or is cancelled by the council.
    """
    from .tasks import merge_bulk_print as merge_task
    from .tasks import render_bulk_part as render_task

    now = now or timezone.now()
    running = BulkPrintPart.objects.filter(job__status=BulkPrint.Status.RUNNING)
    lost = list(
        running.filter(
            Q(
                status=BulkPrintPart.Status.QUEUED,
                job__requested_at__lt=queued_before(now),
            )
            | Q(status=BulkPrintPart.Status.RUNNING, heartbeat_at__lt=stale_before(now))
        ).values_list("pk", flat=True)[:500]
    )
    unmerged = [
        job
        for job in BulkPrint.objects.filter(
            status=BulkPrint.Status.RUNNING,
            requested_at__lt=queued_before(now),
        ).prefetch_related("parts")
        if all(p.status in BulkPrintPart.FINISHED for p in job.parts.all())
    ]
    for job in unmerged:
        _count_bulk_part(job.pk)
        enqueue(merge_task, job_id=job.pk)
    for part_id in lost:
        enqueue(render_task, part_id=part_id)
    return len(lost) + len(unmerged)


def merge_bulk_print(job_id):
    """Merge a bulk print's dossiers into one PDF with a table of contents; safe to run twice.

    A job with a failed dossier ends failed, naming the units; nothing half-merged is
    ever marked done.
    """
    job = BulkPrint.objects.select_related("meeting__submission").get(pk=job_id)
    if job.status != BulkPrint.Status.RUNNING:
        return job
    parts = list(job.parts.select_related("proposal__unit"))
    failed = [p for p in parts if p.status != BulkPrintPart.Status.DONE]
    if failed:
        ended = BulkPrint.objects.filter(pk=job_id, status=BulkPrint.Status.RUNNING).update(
            status=BulkPrint.Status.FAILED,
            error=_("Không in được hồ sơ của: %(units)s")
            % {"units": "; ".join(p.proposal.unit.name for p in failed)},
            finished_at=timezone.now(),
        )
        if ended:
            _notify_bulk_print_ended(job)
        return BulkPrint.objects.get(pk=job_id)
    counts = {}
    for nominee in meeting_nominees(job.meeting):
        counts[nominee.proposal_id] = counts.get(nominee.proposal_id, 0) + 1
    letters = issued_letters(p.proposal for p in parts)
    entries = []
    for part in parts:
        with part.pdf.open("rb") as handle:
            data = handle.read()
        entries.append(
            (part.proposal.unit.name, _bulk_details(part, letters, counts), data, part.page_count)
        )
    meeting = job.meeting
    data, pages = printing.merge_with_contents(
        _("Hồ sơ đề nghị khen thưởng năm %(year)s") % {"year": meeting.submission.year},
        _("Phiên họp Hội đồng Thi đua – Khen thưởng ngày %(day)s")
        % {"day": short_date(meeting.held_on)},
        entries,
    )
    name = default_storage.save(f"bulk/{uuid.uuid4().hex}.pdf", ContentFile(data))
    done = BulkPrint.objects.filter(pk=job_id, status=BulkPrint.Status.RUNNING).update(
        status=BulkPrint.Status.DONE,
        pdf=name,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        page_count=pages,
        finished_at=timezone.now(),
    )
    if not done:  # a concurrent merge finished first; its file counts
        default_storage.delete(name)
    else:
        _notify_bulk_print_ended(job)
    return BulkPrint.objects.get(pk=job_id)


def _bulk_details(part, letters, counts):
    """What a dossier holds, as its contents line says: the Tờ trình's number, or that the
    file holds its unnumbered draft ("DỰ THẢO"), never a draft passed off as issued."""
    reports = counts.get(part.proposal_id, 0)
    reference = letters.get(part.proposal_id)
    if reference:
        return _("Tờ trình số %(ref)s và %(n)s báo cáo thành tích") % {
            "ref": reference,
            "n": reports,
        }
    return _("Tờ trình DỰ THẢO (chưa cấp số) và %(n)s báo cáo thành tích") % {"n": reports}


def _notify_bulk_print_ended(job):
    """Tell who asked for a bulk print that it ended, with the way back to it."""
    job.refresh_from_db()
    day = short_date(job.meeting.held_on)
    if job.status == BulkPrint.Status.DONE:
        text = _("Đã in xong hồ sơ phiên họp ngày %(day)s: %(pages)s trang, tải tại đây.") % {
            "day": day,
            "pages": job.page_count,
        }
    else:
        text = _("Không in xong hồ sơ phiên họp ngày %(day)s: %(error)s") % {
            "day": day,
            "error": job.error,
        }
    notify_users(
        [job.requested_by],
        subject=_("In toàn bộ hồ sơ"),
        text=text[:500],
        url=reverse("dossiers:bulk_print_detail", args=[job.pk]),
    )
