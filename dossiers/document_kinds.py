"""The papers of an award dossier on the documents pipeline (plan IV.4, Decree 30/2020).

The unit's Tờ trình with its list, an achievement report per nominee (official
outline), the office's Tờ trình to the district chairman and the summary list
(trích ngang), the council minutes, the decision with its annex, the district's
Tờ trình to the province and the Giấy khen certificates. Content is frozen JSON
built here: dates as dd/mm/yyyy, money as "1.410.000 đồng", labels as strings.
"""

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.text import lower_first, money, paragraphs, short_date
from documents.kinds import DocumentKind, day_of, plan_fact, register
from documents.letterhead import NUMBER_GAP, date_text, signature_block
from documents.models import LegalAct
from documents.naming import file_stem
from documents.services import issuer_for_unit
from registrations.roles import roles_on

from . import queries
from .bonus import bonuses_for
from .eligibility import scored_on
from .honour import group_by_form
from .models import AwardDecision, CertificateField
from .papers import DECISION_KIND, decision_fingerprint, has_issued_decision_document
from .permissions import (
    can_print_certificate,
    can_print_consolidation,
    can_print_council_paper,
    can_print_decision,
    can_print_minutes,
    can_see_achievement_report,
    can_see_district_papers,
    can_see_personal_lists,
    can_see_proposal,
    can_send_proposal,
    can_work_on_proposal,
    get_decision_for,
    get_forwarding_for,
    get_meeting_for,
    get_nominee_for,
    get_proposal_for,
    get_submission_for,
)


def _counts_text(counts):
    """'2 tập thể và 1 cá nhân', '1 cá nhân': what a Tờ trình says it proposes."""
    parts = [
        f"{counts[key]} {label}"
        for key, label in (("collectives", "tập thể"), ("individuals", "cá nhân"))
        if counts[key]
    ]
    return " và ".join(parts) or "0 tập thể, cá nhân"


def _movement(campaign):
    return lower_first(campaign.name)


def _row(nominee):
    """One line of a list: name, position and unit, award form, summary."""
    return {
        "name": nominee.name,
        "is_collective": nominee.is_collective,
        "where": _where(nominee),
        "award_form": nominee.award_form.name,
        "summary": nominee.summary,
    }


def _where(nominee):
    """Position and workplace of an individual; the address (or parent body) of a collective
    the office proposed from outside the registered units; nothing for a unit's own."""
    if nominee.is_collective:
        return nominee.collective_address
    return f"{nominee.position}, {nominee.workplace_name}"


def _grouped(nominees):
    """[(award form, [nominees])] in the award forms' order."""
    return group_by_form(sorted(nominees, key=lambda n: (n.award_form.order, n.award_form.pk)))


def _by_form(nominees):
    groups = []
    for form, items in _grouped(nominees):
        counts = queries.submission_counts(items)
        groups.append(
            {
                "award_form": form.name,
                "counts": _counts_text(counts),
                "rows": [_row(n) for n in items],
            }
        )
    return groups


def _report_issuer(nominee):
    """A unit's report: its unit; the office's own proposal: the standing office today."""
    proposal = nominee.proposal
    if proposal.is_office_proposal:
        return _today_roles(proposal.campaign).standing_office
    return issuer_for_unit(proposal.unit, campaign=proposal.campaign)


def _today_roles(campaign):
    """The campaign's role holders today (a draft is dated the day it is made)."""
    return roles_on(campaign, timezone.localdate())


def _chairman(campaign, roles=None, award_form=None):
    return (roles or _today_roles(campaign)).chairman(award_form)


# --- The unit's Tờ trình with its list ---------------------------------------------------


def _proposal_nominees(proposal):
    return list(proposal.nominees.with_related().order_by("award_form__order", "subject", "order"))


def _proposal_content(proposal):
    campaign = proposal.campaign
    nominees = _proposal_nominees(proposal)
    counts = queries.submission_counts(nominees)
    unit = proposal.unit.name
    roles = _today_roles(campaign)
    office = roles.standing_office.sentence_name
    return {
        "subject": f"Đề nghị khen thưởng thành tích thực hiện {_movement(campaign)}, năm {proposal.year}",
        "addressees": [office],
        "recipients": ["Như trên"],
        "basis": [
            roles.plan_basis(),
            f"Căn cứ kết quả thực hiện phong trào thi đua năm {proposal.year} của {unit};",
        ],
        "intro": (
            f"{unit} kính trình {office} xem xét, tổng hợp đề nghị "
            f"{_chairman(campaign, roles)} khen thưởng cho {_counts_text(counts)} đã có thành tích "
            f"trong phong trào thi đua về chuyển đổi số năm {proposal.year}, cụ thể như sau:"
        ),
        "counts": counts,
        "groups": _by_form(nominees),
        "closing": (
            "(Có danh sách và báo cáo thành tích của các tập thể, cá nhân kèm theo.) "
            f"{unit} kính trình {office} xem xét, tổng hợp./."
        ),
    }


register(
    DocumentKind(
        code="award_proposal_letter",
        label="Tờ trình đề nghị khen thưởng",
        template="print/dossiers/proposal_letter.html",
        source_model="dossiers.AwardProposal",
        get_source=get_proposal_for,
        build_content=_proposal_content,
        issuer=lambda proposal: issuer_for_unit(proposal.unit, campaign=proposal.campaign),
        doc_type=("to-trinh", "Tờ trình", "TTr"),
        title=lambda p: f"Tờ trình đề nghị khen thưởng năm {p.year} – {p.unit.name}",
        file_name=lambda p: file_stem("Tờ trình khen thưởng", p.year, p.unit.name),
        cites=lambda p: [plan_fact(p.campaign)],
        can_request=can_work_on_proposal,
        can_view=can_see_proposal,
        can_issue=can_send_proposal,
        source_url=lambda p: reverse("dossiers:proposal_detail", args=[p.pk]),
    )
)


# --- Achievement report (official outline) ------------------------------------------------


def _award_rows(awards):
    return [
        {"year": a["year"], "title": a["title"], "decision_ref": a["decision_ref"]} for a in awards
    ]


def _report_content(nominee):
    proposal = nominee.proposal
    form = nominee.award_form
    titles, commendations = queries.earlier_awards(nominee)
    content = {
        "subject": f"Đề nghị tặng {form.name}",
        "subtitle": f"(Thành tích trong phong trào thi đua về chuyển đổi số năm {proposal.year})",
        "recipients": [],
        "subject_kind": nominee.subject,
        "name": nominee.name,
        "unit": nominee.name if nominee.is_outside_collective else proposal.unit.name,
        "address": nominee.collective_address if nominee.is_collective else "",
        "report_type": nominee.report_type,
        "summary": paragraphs(nominee.summary),
        "background": paragraphs(nominee.background),
        "duties": paragraphs(nominee.duties),
        "achievements": paragraphs(nominee.achievements),
        "policy_compliance": paragraphs(nominee.policy_compliance),
        "party_activities": paragraphs(nominee.party_activities),
        # Part III, its two tables: the portal's own decisions and the older ones typed in.
        "titles": _award_rows(titles),
        "commendations": _award_rows(commendations),
        "certifier": "Thủ trưởng đơn vị" if not nominee.is_collective else "Cấp trình khen thưởng",
    }
    if not nominee.is_collective:
        place = issuer_for_unit(proposal.unit, campaign=proposal.campaign).place_name
        content["place_line"] = (
            f"{place}, ngày{NUMBER_GAP}tháng{NUMBER_GAP}năm {timezone.localdate().year}"
        )
        content["person"] = [
            ("Họ và tên", nominee.full_name),
            ("Sinh ngày, tháng, năm", short_date(nominee.birth_date)),
            ("Giới tính", nominee.get_gender_display() if nominee.gender else ""),
            ("Dân tộc", nominee.ethnicity),
            ("Tôn giáo", nominee.religion),
            ("Quê quán", nominee.hometown),
            ("Nơi thường trú", nominee.residence),
            ("Đơn vị công tác", nominee.workplace_name),
            ("Chức vụ", nominee.position),
            ("Trình độ chuyên môn, lý luận chính trị", nominee.qualifications),
            ("Học hàm, học vị, danh hiệu, giải thưởng", nominee.honours),
        ]
    return content


def _report_cites(nominee):
    """The unit's scored results of the year the report draws on."""
    proposal = nominee.proposal
    if proposal.is_office_proposal:
        return []  # nobody outside the registered units was scored
    scored = scored_on(proposal.unit, proposal.year)
    return [(f"kết quả chấm điểm năm {proposal.year}", scored)]


register(
    DocumentKind(
        code="achievement_report",
        label="Báo cáo thành tích",
        template="print/dossiers/achievement_report.html",
        source_model="dossiers.Nominee",
        get_source=get_nominee_for,
        build_content=_report_content,
        issuer=_report_issuer,
        doc_type=("bao-cao", "Báo cáo", "BC"),
        title=lambda n: f"Báo cáo thành tích năm {n.proposal.year} – {n.name}",
        file_name=lambda n: file_stem("Báo cáo thành tích", n.proposal.year, n.name),
        cites=_report_cites,
        can_request=can_work_on_proposal,
        can_view=can_see_achievement_report,
        # An individual signs their own report: it never takes a number from the unit's
        # register (the unit head certifies it below the signature).
        can_issue=lambda user, n: n.is_collective and can_send_proposal(user, n),
        numbered=lambda n: n.is_collective,
        source_url=lambda n: reverse("dossiers:nominee_detail", args=[n.pk]),
    )
)


# --- The culture office's Tờ trình and the summary list -----------------------------------


def _submission_nominees(submission):
    return list(
        submission.nominees.with_related().order_by(
            "award_form__order", "subject", "proposal__unit__name", "order"
        )
    )


def _submission_letter_content(submission):
    campaign = submission.campaign
    nominees = _submission_nominees(submission)
    counts = queries.submission_counts(nominees)
    roles = _today_roles(campaign)
    office = roles.standing_office.sentence_name
    secretariat = roles.council_secretariat.sentence_name
    chairman = _chairman(campaign, roles)
    units = len({n.proposal.unit_id for n in nominees})
    return {
        "subject": f"Đề nghị khen thưởng thành tích trong {_movement(campaign)}, năm {submission.year}",
        "addressees": [chairman],
        "recipients": ["Như trên", f"{secretariat} (Thường trực Hội đồng TĐKT)"],
        "basis": [roles.plan_basis()],
        "intro": (
            f"{office} đã tiếp nhận hồ sơ đề nghị khen thưởng năm {submission.year} của {units} "
            f"cơ quan, đơn vị. Sau khi thẩm định, {office} kính trình {chairman} "
            f"(qua {secretariat}) xem xét, khen thưởng cho "
            f"{_counts_text(counts)}, cụ thể:"
        ),
        "counts": counts,
        "groups": [
            {"award_form": g["award_form"], "counts": g["counts"]} for g in _by_form(nominees)
        ],
        "closing": (
            "(Có danh sách trích ngang và hồ sơ của các tập thể, cá nhân kèm theo.) "
            f"{office} kính trình {chairman} xem xét, quyết định./."
        ),
    }


def _summary_list_content(submission):
    nominees = _submission_nominees(submission)
    groups = []
    for form, items in _grouped(nominees):
        rows = []
        for n in items:
            details = ""
            if not n.is_collective:
                details = ", ".join(
                    part
                    for part in (
                        str(n.birth_date.year) if n.birth_date else "",
                        n.get_gender_display() if n.gender else "",
                        n.ethnicity,
                    )
                    if part
                )
            rows.append({**_row(n), "details": details, "note": ""})
        groups.append({"award_form": form.name, "rows": rows})
    counts = queries.submission_counts(nominees)
    return {
        "subject": (
            f"Trích ngang thành tích của tập thể, cá nhân đề nghị khen thưởng năm {submission.year}"
        ),
        "subtitle": (
            "(Kèm theo Tờ trình đề nghị khen thưởng của "
            f"{_today_roles(submission.campaign).standing_office.sentence_name})"
        ),
        "recipients": [],
        "counts": counts,
        "groups": groups,
    }


def _submission_cites(submission):
    """The plan and the last proposal it consolidates."""
    last = submission.nominees.aggregate(last=Max("proposal__submitted_at"))["last"]
    return [plan_fact(submission.campaign), ("hồ sơ đề nghị gửi gần nhất", day_of(last))]


def _office_issuer(submission):
    return _today_roles(submission.campaign).standing_office


register(
    DocumentKind(
        code="district_submission_letter",
        label="Tờ trình của cơ quan thường trực phong trào",
        template="print/dossiers/submission_letter.html",
        source_model="dossiers.DistrictSubmission",
        get_source=get_submission_for,
        build_content=_submission_letter_content,
        issuer=_office_issuer,
        doc_type=("to-trinh", "Tờ trình", "TTr"),
        title=lambda s: f"Tờ trình đề nghị khen thưởng năm {s.year} (Phòng VH&TT)",
        file_name=lambda s: file_stem("Tờ trình tổng hợp khen thưởng", s.year),
        cites=_submission_cites,
        can_request=can_print_consolidation,
        can_view=can_see_district_papers,
        can_issue=can_print_consolidation,
        source_url=lambda s: reverse("dossiers:submission_detail", args=[s.pk]),
    )
)

register(
    DocumentKind(
        code="summary_list",
        label="Danh sách trích ngang",
        template="print/dossiers/summary_list.html",
        source_model="dossiers.DistrictSubmission",
        get_source=get_submission_for,
        build_content=_summary_list_content,
        issuer=_office_issuer,
        doc_type=("danh-sach", "Danh sách", "DS"),
        title=lambda s: f"Danh sách trích ngang đề nghị khen thưởng năm {s.year}",
        file_name=lambda s: file_stem("Danh sách trích ngang", s.year),
        cites=_submission_cites,
        can_request=can_print_consolidation,
        can_view=can_see_personal_lists,
        can_issue=can_print_consolidation,
        orientation="landscape",
        source_url=lambda s: reverse("dossiers:submission_detail", args=[s.pk]),
    )
)


# --- Council minutes -----------------------------------------------------------------------


def _clock(moment):
    """'08 giờ 30 phút' in local time; blanks for the pen when there is no moment."""
    if moment is None:
        return "…… giờ …… phút"
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút"


def _minutes_content(meeting):
    campaign = meeting.submission.campaign
    present = list(meeting.members_present.all())
    nominees = list(queries.meeting_nominees(meeting))
    tallies = queries.tally_meeting(meeting, nominees, present)
    has_quorum = meeting.has_quorum(len(present))
    rows = [
        {
            **_row(n),
            "yes": t.yes,
            "no": t.no,
            "abstain": t.abstain,
            "outcome": str(t.outcome_label),
        }
        for n, t in ((n, tallies[n.pk]) for n in nominees)
    ]
    approved = [n for n in nominees if tallies[n.pk].is_approved]
    roles = roles_on(campaign, meeting.held_on)
    conclusions = []
    for form, items in _grouped(approved):
        verb = "tặng" if roles.decides(form) else f"trình {roles.chairman(form)} tặng"
        conclusions.append(
            f"Đề nghị {roles.chairman()} {verb} {form.name} cho "
            f"{_counts_text(queries.submission_counts(items))}."
        )
    return {
        "subject": (
            f"Họp Hội đồng Thi đua – Khen thưởng xét đề nghị khen thưởng trong "
            f"{_movement(campaign)}, năm {meeting.submission.year}"
        ),
        "office": roles.standing_office.sentence_name,
        "recipients": ["Các thành viên Hội đồng", roles.standing_office.sentence_name],
        "archive": "VT, hồ sơ",
        # Mẫu 1.9: when the meeting started and ended, as the portal recorded its opening
        # and closing; an open meeting's minutes leave the end for the secretary's pen.
        "starts_at": _clock(meeting.created_at),
        "ends_at": _clock(meeting.closed_at),
        "ends_on": (
            ""
            if meeting.closed_at is None or timezone.localdate(meeting.closed_at) == meeting.held_on
            else short_date(timezone.localdate(meeting.closed_at))
        ),
        "held_on": short_date(meeting.held_on),
        "place": meeting.place,
        "chair": f"{meeting.chair.full_name} – {meeting.chair.council_position}",
        "chair_name": meeting.chair.full_name,
        "secretary_name": meeting.created_by.full_name,
        "present": [f"{m.full_name} – {m.council_position}" for m in present],
        "attendance": f"{len(present)}/{meeting.member_count}",
        "quorum_rule": (
            f"Phiên họp hợp lệ khi số thành viên dự họp {meeting.quorum.label} tổng số thành viên "
            f"Hội đồng; đề nghị được tán thành khi số phiếu đồng ý {meeting.approval.label} "
            "số thành viên dự họp."
        ),
        "has_quorum": has_quorum,
        "counts": queries.submission_counts(nominees),
        "rows": rows,
        "conclusions": conclusions,
    }


register(
    DocumentKind(
        code="council_minutes",
        label="Biên bản họp Hội đồng",
        template="print/dossiers/council_minutes.html",
        source_model="dossiers.CouncilMeeting",
        get_source=get_meeting_for,
        build_content=_minutes_content,
        issuer=lambda m: roles_on(m.submission.campaign, m.held_on).council,
        doc_type=("bien-ban", "Biên bản", "BB"),
        title=lambda m: f"Biên bản họp Hội đồng TĐKT ngày {short_date(m.held_on)}",
        file_name=lambda m: file_stem("Biên bản họp Hội đồng ngày", f"{m.held_on:%d-%m-%Y}"),
        cites=lambda m: [("phiên họp Hội đồng", m.held_on)],
        can_request=can_print_minutes,
        can_view=can_see_district_papers,
        can_issue=can_print_council_paper,
        source_url=lambda m: reverse("dossiers:meeting_detail", args=[m.pk]),
    )
)


# --- The decision with its annex --------------------------------------------------------------


def decision_awardees(decision):
    return list(
        decision.awardees.with_related().order_by("subject", "proposal__unit__name", "order")
    )


def _decision_content(decision):
    campaign = decision.meeting.submission.campaign
    year = decision.meeting.submission.year
    form = decision.award_form
    awardees = decision_awardees(decision)
    rows, total, basis = [], 0, ""
    for nominee, bonus, _error in bonuses_for(form, awardees, decision.decided_on):
        amount = bonus.amount if bonus else None
        if bonus:
            basis = bonus.regime.legal_basis
        total += amount or 0
        rows.append({**_row(nominee), "bonus": money(amount) if amount is not None else "—"})
    counts = queries.submission_counts(awardees)
    roles = roles_on(campaign, decision.decided_on)
    office = roles.standing_office.sentence_name
    secretariat = roles.council_secretariat.sentence_name
    authority = roles.chairman(form)
    acts = LegalAct.objects.cited_in(DECISION_KIND, decision.decided_on)
    return {
        "fingerprint": decision_fingerprint(decision),
        "subject": (
            f"Về việc tặng {form.name} cho các tập thể, cá nhân có thành tích trong "
            f"phong trào thi đua về chuyển đổi số năm {year}"
        ),
        "authority": authority.upper(),
        "recipients": ["Như Điều 3", *dict.fromkeys([office, secretariat])],
        # The drafting unit: the council's standing secretariat prepares the decision.
        "archive": f"VT, {roles.council_secretariat.abbreviation}",
        # Each act its own line, with its full title and date, as in force that day.
        "basis": [
            *(
                [f"Căn cứ {act.title};" for act in acts]
                or [
                    "Căn cứ Luật Tổ chức chính quyền địa phương;",
                    *([f"Căn cứ {basis};"] if basis else []),
                ]
            ),
            roles.plan_basis(),
            (
                f"Theo đề nghị của Hội đồng Thi đua – Khen thưởng tại phiên họp ngày "
                f"{short_date(decision.meeting.held_on)} và của {office}."
            ),
        ],
        "article_one": (
            f"Tặng {form.name} cho {_counts_text(counts)} (có danh sách kèm theo) đã có "
            f"thành tích trong phong trào thi đua về chuyển đổi số năm {year}."
        ),
        "article_two": (
            f"Tiền thưởng kèm theo theo quy định, tổng cộng {money(total)} "
            f"(có danh sách kèm theo), trích từ {decision.fund_name}."
        ),
        "article_three": (
            f"Thủ trưởng {', '.join(dict.fromkeys([secretariat, office]))}, "
            "các cơ quan, đơn vị liên quan, các tập thể và cá nhân có tên tại Điều 1 chịu "
            "trách nhiệm thi hành Quyết định này./."
        ),
        "decided_on": short_date(decision.decided_on),
        "award_form": form.name,
        "rows": rows,
        "total": money(total),
        "signature": signature_block(
            position=decision.signer_position, full_name=decision.signer_name
        ),
    }


def _decision_cites(decision):
    meeting = decision.meeting
    return [
        ("phiên họp Hội đồng", meeting.held_on),
        ("tờ trình đề nghị khen thưởng", day_of(meeting.submission.sent_at)),
    ]


def _can_issue_decision(user, decision):
    # Only as part of services.issue_decision, which marks the decision issued first:
    # the number is then taken once, in the same transaction as the bonuses.
    return (
        can_print_council_paper(user, decision)
        and decision.status == AwardDecision.Status.ISSUED
        and not has_issued_decision_document(decision)
    )


register(
    DocumentKind(
        code=DECISION_KIND,
        label="Quyết định khen thưởng",
        template="print/dossiers/decision.html",
        source_model="dossiers.AwardDecision",
        get_source=get_decision_for,
        build_content=_decision_content,
        issuer=lambda d: roles_on(d.meeting.submission.campaign, d.decided_on).authority(
            d.award_form
        ),
        doc_type=("quyet-dinh", "Quyết định", "QĐ"),
        title=lambda d: f"Quyết định tặng {d.award_form.name} năm {d.meeting.submission.year}",
        file_name=lambda d: file_stem(
            "Quyết định tặng", d.award_form.name, "năm", d.meeting.submission.year
        ),
        cites=_decision_cites,
        can_request=can_print_decision,
        can_view=can_see_district_papers,
        can_issue=_can_issue_decision,
        source_url=lambda d: reverse("dossiers:decision_detail", args=[d.pk]),
    )
)


# --- The district's Tờ trình to the province --------------------------------------------------


def _forwarding_content(forwarding):
    campaign = forwarding.meeting.submission.campaign
    year = forwarding.meeting.submission.year
    nominees = list(forwarding.nominees.with_related().order_by("subject", "proposal__unit__name"))
    counts = queries.submission_counts(nominees)
    roles = roles_on(campaign, forwarding.submitted_on)
    district = roles.authority()
    province = roles.authority(forwarding.award_form).sentence_name
    return {
        "subject": f"Đề nghị tặng {forwarding.award_form.name} năm {year}",
        "addressees": [f"Chủ tịch {province}"],
        "recipients": ["Như trên", roles.standing_office.sentence_name],
        "archive": f"VT, {roles.standing_office.abbreviation}",
        "basis": [
            roles.plan_basis(),
            (
                f"Căn cứ kết quả họp Hội đồng Thi đua – Khen thưởng ngày "
                f"{short_date(forwarding.meeting.held_on)};"
            ),
        ],
        "intro": (
            f"{district.sentence_name} kính trình Chủ tịch {province} xem xét, tặng "
            f"{forwarding.award_form.name} cho {_counts_text(counts)} đã có thành tích xuất sắc "
            f"trong phong trào thi đua về chuyển đổi số năm {year}, cụ thể:"
        ),
        "counts": counts,
        "groups": _by_form(nominees),
        "closing": (
            f"(Có hồ sơ kèm theo.) {district.sentence_name} kính trình Chủ tịch {province} "
            "xem xét, quyết định./."
        ),
    }


register(
    DocumentKind(
        code="forwarding_letter",
        label="Tờ trình đề nghị UBND tỉnh khen thưởng",
        template="print/dossiers/proposal_letter.html",
        source_model="dossiers.ProvincialSubmission",
        get_source=get_forwarding_for,
        build_content=_forwarding_content,
        issuer=lambda f: roles_on(f.meeting.submission.campaign, f.submitted_on).authority(),
        doc_type=("to-trinh", "Tờ trình", "TTr"),
        title=lambda f: (
            f"Tờ trình đề nghị tặng {f.award_form.name} năm {f.meeting.submission.year}"
        ),
        file_name=lambda f: file_stem(
            "Tờ trình đề nghị tặng", f.award_form.name, "năm", f.meeting.submission.year
        ),
        cites=lambda f: [("phiên họp Hội đồng", f.meeting.held_on)],
        can_request=can_print_council_paper,
        can_view=can_see_district_papers,
        can_issue=can_print_council_paper,
        source_url=lambda f: reverse("dossiers:forwarding_detail", args=[f.pk]),
    )
)


# --- Giấy khen / Bằng khen certificate (A4 landscape) ---------------------------------------


def certificate_heading(award_form):
    """What the certificate says it is, from the form's name: "Bằng khen của Chủ tịch UBND
    tỉnh" → "Bằng khen", "Giấy khen của …" → "Giấy khen"."""
    return award_form.name.split(" của ", 1)[0].strip()


def _certificate_content(nominee):
    decision = nominee.decision
    campaign = nominee.proposal.campaign
    year = nominee.proposal.year
    # The authority deciding the form on the decision's date: the district's chairman for
    # its Giấy khen until 30/6/2025, the province's for its Bằng khen.
    district = roles_on(campaign, decision.decided_on).authority(decision.award_form)
    return {
        "recipients": [],
        "authority": f"CHỦ TỊCH {district.sentence_name.upper()}",
        "award_form": certificate_heading(decision.award_form).upper(),
        "name": nominee.name,
        "is_collective": nominee.is_collective,
        "position": "" if nominee.is_collective else nominee.position,
        "unit": "" if nominee.is_collective else nominee.workplace_name,
        "reason": (
            f"Đã có thành tích xuất sắc trong phong trào thi đua về chuyển đổi số năm {year}."
        ),
        "decision": (f"Quyết định số {decision.number} ngày {short_date(decision.decided_on)}"),
        "place_date": f"{district.place_name}, {date_text(decision.decided_on)}",
        "signature": signature_block(
            position=decision.signer_position, full_name=decision.signer_name
        ),
    }


# What the certificate and its blank-form print share: issued by the authority deciding the
# form on the decision's date; they carry the decision's number, not one of their own.
CERTIFICATE_RULES = {
    "issuer": lambda n: roles_on(n.proposal.campaign, n.decision.decided_on).authority(
        n.decision.award_form
    ),
    "doc_type": ("giay-khen", "Giấy khen", "GK"),
    "cites": lambda n: [(f"Quyết định số {n.decision.number}", n.decision.decided_on)],
    "can_request": can_print_certificate,
    "can_view": can_see_proposal,
    "can_issue": lambda user, n: False,
    "numbered": False,
    "orientation": "landscape",
    "source_url": lambda n: reverse("dossiers:nominee_detail", args=[n.pk]),
}


register(
    DocumentKind(
        code="certificate",
        label="Giấy khen",
        template="print/dossiers/certificate.html",
        source_model="dossiers.Nominee",
        get_source=get_nominee_for,
        build_content=_certificate_content,
        title=lambda n: (
            f"{certificate_heading(n.decision.award_form)} – {n.name} ({n.decision.number})"
        ),
        file_name=lambda n: file_stem(
            certificate_heading(n.decision.award_form), n.proposal.year, n.name
        ),
        **CERTIFICATE_RULES,
    )
)


def _blank_certificate_content(nominee):
    """The certificate's text only, each piece at its measured place on the blank form."""
    content = _certificate_content(nominee)
    texts = {
        CertificateField.Key.AUTHORITY: [content["authority"]],
        CertificateField.Key.NAME: [content["name"]],
        CertificateField.Key.WHERE: (
            [f"{content['position']} – {content['unit']}"] if content["position"] else []
        ),
        CertificateField.Key.REASON: [content["reason"]],
        CertificateField.Key.DECISION: [content["decision"]],
        CertificateField.Key.PLACE_DATE: [content["place_date"]],
        CertificateField.Key.SIGNATURE: content["signature"]["lines"],
        CertificateField.Key.SIGNER: [content["signature"]["name"]],
    }
    content["fields"] = [
        {
            "key": field.key,
            "lines": texts[field.key],
            "left": float(field.left_mm),
            "top": float(field.top_mm),
            "width": float(field.width_mm),
            "size": float(field.font_size),
            "bold": field.bold,
            "italic": field.italic,
            # Written into the page's CSS: only the choices, whatever the row holds.
            "align": field.align if field.align in CertificateField.Align.values else "center",
        }
        for field in CertificateField.objects.filter(is_printed=True)
        if texts[field.key]
    ]
    return content


register(
    DocumentKind(
        code="certificate_blank",
        label="Bản in lên phôi Giấy khen",
        template="print/dossiers/certificate_blank.html",
        source_model="dossiers.Nominee",
        get_source=get_nominee_for,
        build_content=_blank_certificate_content,
        title=lambda n: (
            f"{certificate_heading(n.decision.award_form)} in trên phôi – {n.name} "
            f"({n.decision.number})"
        ),
        file_name=lambda n: file_stem(
            f"{certificate_heading(n.decision.award_form)} in phôi", n.proposal.year, n.name
        ),
        **CERTIFICATE_RULES,
    )
)
