"""The unit's proposal (plan IV.3), and the office's own (plan VI.1): start, nominees,
submission."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Subject
from core.datacache import data_changed
from core.services import notify_users, record_transition
from core.text import nfc, same_name, short_date
from core.workflow import mark_reviewed, mark_submitted
from registrations.models import Registration
from registrations.roles import office_only, roles_on
from registrations.services import RegistrationError, check_unit_in_force
from units.permissions import is_member_of
from units.queries import office_users

from .. import imports
from ..eligibility import is_collective_eligible
from ..models import (
    NOMINEE_FIELDS,
    PERSONAL_FIELDS,
    AwardProposal,
    DossierRule,
    Nominee,
    PriorAward,
)
from ..permissions import can_send_proposal, is_office_of
from .collectives import outside_collective
from .common import (
    DossierError,
    _check_editable,
    _check_nominee_editable,
    _check_unit_member,
    _locked_proposal,
    _set_nominee_status,
)


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
        raise DossierError(office_only(campaign, _("lập đề xuất khen thưởng của mình")))
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
    # The standing office's unit on the day, else the last one that had a unit, else the
    # office user's own (registrations.roles: who proposes for the office on a date).
    unit = roles_on(campaign, timezone.localdate(now)).proposing_unit(by)
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


def add_nominee(proposal, *, by, subject, award_form, data, prior_awards=(), now=None):
    """Add a collective (the unit itself) or an individual to a draft or returned proposal.
    The office's own proposal takes collectives from outside the registered units instead
    (`nominated_unit`, or `collective_name` and `collective_address` in `data`; see
    collectives.outside_collective for what it refuses).

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
        _listed_counts_changed(proposal)
    return nominee


def _listed_counts_changed(proposal):
    """The district's proposal list counts each proposal's nominees, and keeps its table
    once per change of the data: a change of the nominees of a proposal the district
    sees (an office proposal, a unit's once submitted) is a change of that data. A unit's
    first draft is not listed there: its edits leave every cached figure current."""
    if proposal.first_submitted_at is not None or proposal.is_office_proposal:
        data_changed()


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
        _listed_counts_changed(nominee.proposal)


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
    if nominee.is_collective and nominee.proposal.is_office_proposal:
        unit, name, address = outside_collective(
            nominee.proposal, data, keep=nominee if nominee.pk else None
        )
        nominee.nominated_unit, nominee.collective_name = unit, name
        nominee.collective_address = address
        nominee.workplace = ""
    else:  # a unit's collective is the unit itself; a person is no collective
        nominee.nominated_unit, nominee.collective_name, nominee.collective_address = None, "", ""
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
        return  # collectives from outside the registered units, checked as they are named
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
        nominees = _nominees_ready(
            proposal,
            now,
            empty=_("Hồ sơ chưa có tập thể, cá nhân nào được đề nghị."),
            refused=_("Chưa gửi được: %(list)s"),
        )
        for nominee in nominees:
            if nominee.status == Nominee.Status.RETURNED:
                _set_nominee_status(nominee, Nominee.Status.PENDING, by=by, at=now)
        mark_submitted(proposal, by=by, at=now, snapshot=snapshot)
        notify_users(
            office_users(proposal.campaign.organisation_id),
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
        nominees = _nominees_ready(
            proposal,
            now,
            empty=_("Đề xuất chưa có tập thể, cá nhân nào."),
            refused=_("Chưa chuyển được: %(list)s"),
        )
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


def _nominees_ready(proposal, now, *, empty, refused):
    """The nominees of a locked proposal about to be sent: the proposal still editable,
    at least one nominee, each with what the outline requires and an award form still
    offered; else DossierError(`empty`) or DossierError(`refused` listing what is missing)."""
    _check_editable(proposal)
    nominees = list(proposal.nominees.select_related("award_form"))
    if not nominees:
        raise DossierError(empty)
    problems = [problem for n in nominees for problem in _missing_for_submission(n)]
    problems += [
        reason
        for reason in {n.award_form.why_not_offered(timezone.localdate(now)) for n in nominees}
        if reason
    ]
    if problems:
        raise DossierError(refused % {"list": "; ".join(problems)})
    return nominees


def _missing_for_submission(nominee):
    name = nominee.name
    missing = []
    # The office's collectives are outside the registered units: no criteria result.
    if (
        nominee.is_collective
        and not nominee.proposal.is_office_proposal
        and not is_collective_eligible(nominee.proposal.unit, nominee.proposal.year)
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


def snapshot(proposal):
    """What the unit sent, as plain data that stays readable forever."""
    nominees = proposal.nominees.select_related("award_form", "nominated_unit").prefetch_related(
        "prior_awards"
    )
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
                "collective_name": n.collective_name,
                "collective_address": n.collective_address,
                "registry_unit": n.nominated_unit.code if n.nominated_unit_id else "",
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
