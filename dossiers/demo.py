"""Demo award dossiers: 2022 and 2023 decided (honour roll), 2024 waiting for the council
(one 2024 proposal lists individuals imported from the XLSX template; the office's own
proposals add a business owner and a community team outside the registered units).

Lùng Vai (the demo unit account) has no 2024 proposal yet, so the whole path can be
walked from the portal: proposal → office → consolidation → council → decision.
People are invented. Idempotent: nothing is added when the campaign has proposals.
"""

import datetime

from django.core.files.base import ContentFile
from openpyxl import Workbook

from awards.models import AwardForm, Subject
from core.exports import workbook_bytes
from documents.models import IssuingBody
from documents.services import file_issued_paper
from registrations.demo import moment as _moment
from registrations.models import Registration
from units.models import Role, User

from . import imports, queries, services
from .eligibility import is_collective_eligible
from .models import (
    AwardProposal,
    CouncilMember,
    DossierRule,
    EligibilityOverride,
    Nominee,
    Vote,
)
from .papers import DECISION_KIND

PILOT = "xa-lung-vai"
GIAY_KHEN = "giay-khen-chu-tich-huyen"
BANG_KHEN = "bang-khen-chu-tich-tinh"

# (full name, position in the council, position) — invented people.
MEMBERS = [
    ("Lương Văn Thành", "Chủ tịch Hội đồng", "Chủ tịch UBND huyện"),
    ("Đỗ Thị Hằng", "Phó Chủ tịch Thường trực", "Trưởng phòng Nội vụ"),
    ("Vàng A Lử", "Phó Chủ tịch", "Chủ tịch Ủy ban MTTQ Việt Nam huyện"),
    ("Nguyễn Thu Hà", "Ủy viên", "Trưởng phòng Văn hóa và Thông tin"),
    ("Bùi Quang Vinh", "Ủy viên", "Trưởng phòng Tài chính – Kế hoạch"),
    ("Tráng Thị Mỷ", "Ủy viên", "Chủ tịch Liên đoàn Lao động huyện"),
    ("Hà Minh Tuấn", "Ủy viên", "Bí thư Huyện đoàn"),
]

# The provincial council (invented people), in office from 1/7/2025.
PROVINCIAL_MEMBERS = [
    ("Nguyễn Thành Trung", "Chủ tịch Hội đồng", "Chủ tịch UBND tỉnh"),
    ("Lý Văn Hoàng", "Phó Chủ tịch Thường trực", "Giám đốc Sở Nội vụ"),
    ("Hà Thị Thu", "Ủy viên", "Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
    ("Phan Đức Minh", "Ủy viên", "Giám đốc Sở Tài chính"),
    ("Sùng Thị Mai", "Ủy viên", "Chủ tịch Liên đoàn Lao động tỉnh"),
]

# Individuals proposed in the history, by unit code: (name, birth, gender, ethnicity, position).
PEOPLE = {
    "xa-lung-vai": [
        (
            "Lò Văn Thắng",
            datetime.date(1985, 3, 12),
            "male",
            "Tày",
            "Công chức Văn phòng – Thống kê xã",
        ),
        (
            "Hoàng Thị Nhung",
            datetime.date(1990, 8, 2),
            "female",
            "Nùng",
            "Công chức Văn hóa – Xã hội xã",
        ),
    ],
    "phong-vh-tt": [
        (
            "Phạm Đức Long",
            datetime.date(1983, 11, 20),
            "male",
            "Kinh",
            "Chuyên viên phụ trách công nghệ thông tin",
        ),
    ],
}

YEARS = {
    # year: (submitted, decided, decision number, forwarded number)
    2022: (datetime.date(2022, 12, 10), datetime.date(2023, 1, 16), "15/QĐ-UBND", ""),
    2023: (datetime.date(2023, 12, 11), datetime.date(2024, 1, 22), "21/QĐ-UBND", "08/TTr-UBND"),
}


def load(campaign):
    """Council members, the campaign's dossier rule and the proposals history."""
    _load_members()
    DossierRule.objects.get_or_create(
        campaign=campaign,
        defaults={
            "allows_summary": True,
            "fund_name": "Quỹ Thi đua, khen thưởng huyện Mường Khương",
        },
    )
    if AwardProposal.objects.filter(campaign=campaign).exists():
        return
    office = User.objects.get(username="vhtt")
    council = User.objects.get(username="hoidong")
    for year in YEARS:
        _decided_year(campaign, year, office, council)
    _waiting_year(campaign, 2024, office)
    _successor_year(campaign, office, council)


def _load_members():
    """The district council (it ends with the district on 30/6/2025) and the provincial
    council that takes the movement over from 1/7/2025."""
    for code, members, valid_from in (
        ("hoi-dong-tdkt", MEMBERS, datetime.date(2020, 1, 1)),
        ("hoi-dong-tdkt-tinh", PROVINCIAL_MEMBERS, None),
    ):
        council = IssuingBody.objects.get(code=code)
        for order, (name, council_position, position) in enumerate(members, start=1):
            CouncilMember.objects.get_or_create(
                full_name=name,
                council=council,
                defaults={
                    "council_position": council_position,
                    "position": position,
                    "order": order,
                    "valid_from": valid_from or council.valid_from,
                    "valid_to": council.valid_to,
                },
            )


def _eligible_registrations(campaign, year, count):
    """Accepted registrations of units eligible for the year (criteria results), Lùng Vai
    first when eligible, then one unit of each tier in turn so every kind of unit appears."""
    registrations = [
        r
        for r in Registration.objects.filter(
            window__campaign=campaign, window__year=year, status=Registration.Status.ACCEPTED
        )
        .select_related("unit", "window")
        .order_by("unit__code")
        if is_collective_eligible(r.unit, year)
    ]
    chosen = [r for r in registrations if r.unit.code == PILOT]
    by_tier = {}
    for registration in registrations:
        if registration not in chosen:
            by_tier.setdefault(registration.unit.tier, []).append(registration)
    while len(chosen) < count and any(by_tier.values()):
        for tier in sorted(by_tier):
            if by_tier[tier] and len(chosen) < count:
                chosen.append(by_tier[tier].pop(0))
    return chosen


def _pilot_registration(campaign, year):
    return Registration.objects.filter(
        window__campaign=campaign,
        window__year=year,
        unit__code=PILOT,
        status=Registration.Status.ACCEPTED,
    ).first()


def _head(unit):
    return User.objects.filter(unit=unit, role=Role.UNIT_HEAD).first()


def _proposal(
    registration,
    submitted_on,
    *,
    individuals=True,
    bang_khen_for=None,
    collective_form=GIAY_KHEN,
    imported=False,
):
    """A submitted proposal: the collective (when eligible) with its pre-filled report, and
    the unit's demo individuals; `imported`: a list of individuals from the XLSX template."""
    unit, year = registration.unit, registration.window.year
    head = _head(unit)
    proposal = services.start_proposal(
        registration, by=head, now=_moment(submitted_on) - datetime.timedelta(days=7)
    )
    forms = {f.code: f for f in AwardForm.objects.all()}
    report = queries.report_prefill(proposal, Subject.COLLECTIVE)
    if not is_collective_eligible(unit, year):
        report = None
    if report is not None:
        services.add_nominee(
            proposal,
            by=head,
            subject=Subject.COLLECTIVE,
            award_form=forms[collective_form],
            data={
                "background": _filled(
                    report["background"],
                    "12 cán bộ, công chức",
                    "Văn phòng, các ban chuyên môn và bộ phận một cửa",
                    "thuận lợi là hạ tầng mạng đã phủ tới các thôn; khó khăn là địa bàn "
                    "vùng cao, đường sá đi lại xa",
                ),
                "duties": "Thực hiện chức năng quản lý nhà nước trên địa bàn theo quy định.",
                "achievements": _filled(report["achievements"], "đạt"),
                "policy_compliance": _filled(
                    report["policy_compliance"],
                    "triển khai đầy đủ các văn bản chỉ đạo của cấp trên, không có cán bộ vi "
                    "phạm pháp luật",
                ),
                "party_activities": _filled(
                    report["party_activities"],
                    "Đảng bộ hoàn thành tốt nhiệm vụ",
                    "Mặt trận và các đoàn thể hoàn thành tốt nhiệm vụ",
                ),
                "summary": report["summary"],
            },
            now=_moment(submitted_on) - datetime.timedelta(days=6),
        )
    for name, birth, gender, ethnicity, position in (
        PEOPLE.get(unit.code, []) if individuals else []
    ):
        individual = queries.report_prefill(proposal, Subject.INDIVIDUAL)
        form = forms[BANG_KHEN] if name == bang_khen_for else forms[GIAY_KHEN]
        services.add_nominee(
            proposal,
            by=head,
            now=_moment(submitted_on) - datetime.timedelta(days=6),
            subject=Subject.INDIVIDUAL,
            award_form=form,
            data={
                "category": Nominee.Category.OFFICIAL,
                "full_name": name,
                "birth_date": birth,
                "gender": gender,
                "ethnicity": ethnicity,
                "religion": "Không",
                "hometown": "huyện Mường Khương, tỉnh Lào Cai",
                "residence": "huyện Mường Khương, tỉnh Lào Cai",
                "position": position,
                "qualifications": "Đại học; Trung cấp lý luận chính trị",
                "duties": f"{position}; phụ trách chuyển đổi số của đơn vị.",
                "achievements": _filled(
                    individual["achievements"],
                    "đạt",
                    "xây dựng và vận hành nhóm hỗ trợ dịch vụ công trực tuyến cho người dân",
                ),
                "summary": "Có giải pháp hỗ trợ người dân nộp hồ sơ trực tuyến.",
            },
        )
    if imported:
        services.import_nominees(
            proposal,
            _imported_list(unit),
            by=head,
            now=_moment(submitted_on) - datetime.timedelta(days=5),
        )
    return services.submit_proposal(proposal, by=head, now=_moment(submitted_on))


def _filled(text, *answers):
    """The prefilled text with each "…" answered in turn; the last answer fills the rest
    (the demo's reports leave nothing for the pen, so they print as a unit sends them)."""
    for answer in answers:
        text = text.replace("…", answer, 1)
    return text.replace("…", answers[-1])


# A unit's list of individuals filled in the XLSX template (issue 15): invented people.
IMPORTED = [
    ("Hoàng Thị Thu", "14/05/1988", "Nữ", "Nùng", "Công chức Văn phòng – Thống kê"),
    ("Giàng A Chư", "02/11/1990", "Nam", "Mông", "Công chức Địa chính – Xây dựng"),
    ("Lý Thị Sen", "23/08/1993", "Nữ", "Dao", "Viên chức Trung tâm Phục vụ hành chính công"),
]


def _imported_list(unit):
    titles = imports.headers()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(titles.values()))
    for name, birth, gender, ethnicity, position in IMPORTED:
        row = {
            "full_name": name,
            "birth_date": birth,
            "gender": gender,
            "ethnicity": ethnicity,
            "religion": "Không",
            "position": f"{position}, {unit.name}",
            "qualifications": "Đại học",
            "category": str(Nominee.Category.OFFICIAL.label),
            "award_form": AwardForm.objects.get(code=GIAY_KHEN).name,
            "duties": f"{position}; tham gia tổ công nghệ số cộng đồng.",
            "achievements": (
                f"{name} hướng dẫn người dân cài đặt VNeID và nộp hồ sơ trực tuyến tại các thôn."
            ),
            "summary": "Hỗ trợ người dân sử dụng dịch vụ công trực tuyến.",
        }
        sheet.append([row.get(name, "") for name in titles])
    return ContentFile(workbook_bytes(workbook), name="danh-sach-ca-nhan.xlsx")


def _accept(proposal, office, day):
    decisions = {n.pk: ("accept", "") for n in proposal.nominees.all()}
    return services.review_proposal(proposal, by=office, decisions=decisions, now=_moment(day))


def _decided_year(campaign, year, office, council):
    submitted_on, decided_on, number, forwarded_number = YEARS[year]
    bang_khen_for = "Hoàng Thị Nhung" if forwarded_number else None
    registrations = _eligible_registrations(campaign, year, 5)
    pilot = _pilot_registration(campaign, year)
    if pilot is not None and pilot not in registrations:
        # The pilot failed a mandatory criterion: it proposes its individuals only.
        registrations.append(pilot)
    proposals = [
        _proposal(r, submitted_on, individuals=True, bang_khen_for=bang_khen_for)
        for r in registrations
    ]
    for proposal in proposals:
        _accept(proposal, office, submitted_on + datetime.timedelta(days=5))
    start = _moment(decided_on - datetime.timedelta(days=12))
    submission = services.start_submission(campaign, year, by=office, now=start)
    services.send_submission(submission, by=office, now=start + datetime.timedelta(days=1))
    members = list(CouncilMember.objects.filter(council__code="hoi-dong-tdkt"))
    present = members[:6]
    held_on = decided_on - datetime.timedelta(days=4)
    meeting = services.open_meeting(
        submission,
        by=council,
        held_on=held_on,
        place="Phòng họp số 1, UBND huyện Mường Khương",
        chair=members[0],
        members_present=present,
        now=_moment(held_on, 8),
    )
    nominees = list(queries.meeting_nominees(meeting))
    # In 2022 one collective gets only 3 of 6 votes: exactly half, so not approved.
    others = [n for n in nominees if n.is_collective and n.unit.code != PILOT]
    doubtful = others[-1] if year == 2022 and others else None
    votes = {}
    for nominee in nominees:
        for index, member in enumerate(present):
            no = nominee == doubtful and index >= 3
            votes[(member.pk, nominee.pk)] = Vote.Choice.NO if no else Vote.Choice.YES
    decision = _vote_and_decide(
        meeting,
        council,
        votes,
        GIAY_KHEN,
        {
            "number": number,
            "decided_on": decided_on,
            "signer_name": "Lương Văn Thành",
            "signer_position": "Chủ tịch",
            "fund_name": "Quỹ Thi đua, khen thưởng huyện Mường Khương",
        },
    )
    if year == max(YEARS):
        # The last district year's decision comes with its paper, filed under its number,
        # so a newcomer can open it; one render only (earlier years keep the number alone:
        # CI loads the demo several times).
        file_issued_paper(
            DECISION_KIND,
            decision,
            number=int(number.split("/")[0]),
            issued_on=decided_on,
            by=council,
        )
    if forwarded_number:
        bang_khen = AwardForm.objects.get(code=BANG_KHEN)
        services.forward_to_province(
            meeting,
            by=council,
            award_form=bang_khen,
            data={
                "number": forwarded_number,
                "submitted_on": decided_on,
                "signer_name": "Lương Văn Thành",
                "signer_position": "Chủ tịch",
            },
            now=_moment(decided_on, 14),
        )
        province = services.draft_decision(
            meeting,
            by=council,
            award_form=bang_khen,
            data={
                "number": "512/QĐ-UBND",
                "decided_on": decided_on + datetime.timedelta(days=50),
                "signer_name": "Nguyễn Thành Trung",
                "signer_position": "Chủ tịch",
                "fund_name": "Quỹ Thi đua, khen thưởng tỉnh Lào Cai",
            },
            now=_moment(decided_on + datetime.timedelta(days=50)),
        )
        services.issue_decision(
            province, by=council, now=_moment(decided_on + datetime.timedelta(days=50))
        )


def _waiting_year(campaign, year, office):
    """2024: three units accepted, one waiting for review. Lùng Vai has not started: its
    assessment is still to be filled and scored (criteria demo), then it can propose."""
    submitted_on = datetime.date(2024, 12, 9)
    registrations = [r for r in _eligible_registrations(campaign, year, 5) if r.unit.code != PILOT]
    for index, registration in enumerate(registrations[:4]):
        proposal = _proposal(registration, submitted_on, individuals=False, imported=index == 3)
        if index < 3:
            _accept(proposal, office, submitted_on + datetime.timedelta(days=4))
    _office_proposal(campaign, year, office, submitted_on)


def _office_proposal(campaign, year, office, day):
    """The office's own outstanding proposal (plan VI.1): a business owner outside any
    registered unit, sent into the year's consolidation beside the units' nominees."""
    proposal = services.start_office_proposal(
        campaign,
        by=office,
        year=year,
        occasion=AwardProposal.Occasion.OUTSTANDING,
        title="Doanh nhân tiêu biểu đưa nông sản vùng cao lên sàn thương mại điện tử",
        now=_moment(day),
    )
    services.add_nominee(
        proposal,
        by=office,
        subject=Subject.INDIVIDUAL,
        award_form=AwardForm.objects.get(code=GIAY_KHEN),
        data={
            "category": Nominee.Category.BUSINESS,
            "full_name": "Giàng Seo Páo",
            "birth_date": datetime.date(1988, 5, 14),
            "gender": Nominee.Gender.MALE,
            "ethnicity": "Mông",
            "religion": "Không",
            "hometown": "huyện Mường Khương, tỉnh Lào Cai",
            "residence": "huyện Mường Khương, tỉnh Lào Cai",
            "position": "Giám đốc",
            "workplace": "Hợp tác xã Nông sản sạch Mường Khương",
            "qualifications": "Đại học",
            "duties": "Điều hành hợp tác xã 46 thành viên.",
            "achievements": (
                "Đưa chè Shan tuyết và gạo Séng Cù của 120 hộ dân lên sàn thương mại điện tử, "
                "doanh thu trực tuyến năm 2024 đạt 3,2 tỷ đồng; hướng dẫn các hộ thanh toán "
                "không dùng tiền mặt và truy xuất nguồn gốc bằng mã QR."
            ),
            "summary": "Đưa nông sản của 120 hộ dân lên sàn thương mại điện tử.",
        },
        now=_moment(day),
    )
    services.submit_proposal(proposal, by=office, now=_moment(day + datetime.timedelta(days=2)))
    _office_collective_proposal(campaign, year, office, day)


def _office_collective_proposal(campaign, year, office, day):
    """The office's thematic proposal for a collective outside the registered units (plan
    VI.1): a community digital-technology team, no unit of the portal, typed by name with
    its address and parent body; its report follows the collective outline."""
    proposal = services.start_office_proposal(
        campaign,
        by=office,
        year=year,
        occasion=AwardProposal.Occasion.THEMATIC,
        title="Tập thể tiêu biểu trong phong trào tổ công nghệ số cộng đồng",
        now=_moment(day),
    )
    services.add_nominee(
        proposal,
        by=office,
        subject=Subject.COLLECTIVE,
        award_form=AwardForm.objects.get(code=GIAY_KHEN),
        data={
            "collective_name": "Tổ công nghệ số cộng đồng xã Bản Lầu (dữ liệu mẫu)",
            "collective_address": "Xã Bản Lầu, huyện Mường Khương; thuộc UBND xã Bản Lầu",
            "background": (
                "Tổ gồm 14 thành viên là đoàn viên thanh niên, công an viên và trưởng thôn "
                "của 19 thôn, thành lập năm 2023."
            ),
            "duties": (
                "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng "
                "tiền mặt và kỹ năng số cơ bản."
            ),
            "achievements": (
                "Năm 2024 hướng dẫn 1.250 lượt người dân nộp hồ sơ trực tuyến, cài đặt ứng "
                "dụng định danh điện tử cho 2.300 người, mở 640 tài khoản thanh toán."
            ),
            "policy_compliance": "Chấp hành nghiêm chủ trương, chính sách của Đảng và Nhà nước.",
            "party_activities": "Sinh hoạt định kỳ hằng tháng với Đoàn Thanh niên xã.",
            "summary": "Hướng dẫn 1.250 lượt người dân nộp hồ sơ trực tuyến năm 2024.",
        },
        now=_moment(day),
    )
    services.submit_proposal(proposal, by=office, now=_moment(day + datetime.timedelta(days=2)))


# 2025, split at 1/7/2025: sent to the district's office in June, decided by the province.
SUCCESSOR_YEAR = (
    2025,
    datetime.date(2025, 6, 20),  # proposals sent (the district units still exist)
    datetime.date(2025, 7, 15),  # the provincial council meets
    datetime.date(2025, 7, 22),  # the provincial chairman decides
    "1520/QĐ-UBND",
)


def _successor_year(campaign, office, council):
    """The first half of 2025 under the district, the decision under the province: the
    district's Giấy khen ends on 30/6/2025, so the units propose the provincial chairman's
    Bằng khen, which the competent successor (UBND tỉnh Lào Cai, which took the movement
    over on 1/7/2025) decides. 2025 has no scored results yet: the office records the
    units' eligibility from their first-half reports."""
    year, submitted_on, held_on, decided_on, number = SUCCESSOR_YEAR
    registrations = list(
        Registration.objects.filter(
            window__campaign=campaign, window__year=year, status=Registration.Status.ACCEPTED
        )
        .exclude(unit__tier="other")
        .select_related("unit", "window")
        .order_by("unit__code")[:3]
    )
    for registration in registrations:
        EligibilityOverride.objects.get_or_create(
            unit=registration.unit,
            year=year,
            defaults={
                "is_eligible": True,
                "reason": "Báo cáo sơ kết 6 tháng đầu năm 2025 đạt các chỉ tiêu đã đăng ký",
                "decided_by": office,
            },
        )
    proposals = [
        _proposal(r, submitted_on, individuals=False, collective_form=BANG_KHEN)
        for r in registrations
    ]
    for proposal in proposals:
        _accept(proposal, office, submitted_on + datetime.timedelta(days=3))
    start = _moment(submitted_on + datetime.timedelta(days=5))
    submission = services.start_submission(campaign, year, by=office, now=start)
    services.send_submission(submission, by=office, now=start + datetime.timedelta(hours=2))
    members = list(CouncilMember.objects.filter(council__code="hoi-dong-tdkt-tinh"))
    meeting = services.open_meeting(
        submission,
        by=council,
        held_on=held_on,
        place="Phòng họp số 2, UBND tỉnh Lào Cai",
        chair=members[0],
        members_present=members,
        now=_moment(held_on, 8),
    )
    votes = {
        (member.pk, nominee.pk): Vote.Choice.YES
        for nominee in queries.meeting_nominees(meeting)
        for member in members
    }
    _vote_and_decide(
        meeting,
        council,
        votes,
        BANG_KHEN,
        {
            "number": number,
            "decided_on": decided_on,
            "signer_name": "Nguyễn Thành Trung",
            "signer_position": "Chủ tịch",
            "fund_name": "Quỹ Thi đua, khen thưởng tỉnh Lào Cai",
        },
    )


def _vote_and_decide(meeting, council, votes, form_code, data):
    """Record the votes, close the meeting the same day and issue the decision (its
    number typed in, as recorded from the paper) on its day."""
    held_on = meeting.held_on
    services.record_votes(meeting, by=council, votes=votes)
    services.close_meeting(meeting, by=council, now=_moment(held_on, 11))
    decision = services.draft_decision(
        meeting,
        by=council,
        award_form=AwardForm.objects.get(code=form_code),
        data=data,
        now=_moment(held_on, 15),
    )
    services.issue_decision(decision, by=council, now=_moment(data["decided_on"]))
    return decision
