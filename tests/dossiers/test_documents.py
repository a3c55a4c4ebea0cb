"""The dossier's papers read back from the PDFs: outline sections, counts, totals, layout."""

import datetime
import re

import pytest
from django.urls import reverse

from awards.models import Subject
from documents.models import GeneratedDocument, Issuance
from documents.services import (
    DocumentError,
    allocate_number,
    file_issued_paper,
    issue_document,
    request_document,
)
from dossiers import services
from dossiers.models import AwardDecision, CertificateField, Nominee

from ..documents import pdf
from .conftest import DECIDED_ON, PERSON

pytestmark = pytest.mark.django_db

A4_LONG, A4_SHORT = 841.89, 595.28


@pytest.fixture(autouse=True)
def eager_tasks(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run an action and what it queued after its commit (the render task, eagerly)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        if hasattr(result, "refresh_from_db"):
            result.refresh_from_db()
        return result

    return run


def pdf_of(document):
    assert document.status == GeneratedDocument.Status.DONE, document.error
    with document.pdf.open("rb") as handle:
        return handle.read()


def page_size(data):
    box = pdf.reader(data).pages[0].mediabox
    return float(box.width), float(box.height)


def second_individual(proposal, staff, giay_khen):
    return services.add_nominee(
        proposal,
        by=staff,
        subject=Subject.INDIVIDUAL,
        award_form=giay_khen,
        data={**PERSON, "full_name": "Hoàng Thị Nhung", "gender": Nominee.Gender.FEMALE},
    )


# --- the unit's papers ------------------------------------------------------------------------


def test_the_collective_report_follows_the_official_outline(collective, staff, run_on_commit):
    document = run_on_commit(request_document, "achievement_report", collective, by=staff)

    data = pdf_of(document)
    for phrase in (
        "BÁO CÁO THÀNH TÍCH",
        "Đề nghị tặng Giấy khen của Chủ tịch UBND huyện",
        "Tên tập thể: UBND xã Lùng Vai",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        "1. Đặc điểm, tình hình",
        "2. Chức năng, nhiệm vụ",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Hồ sơ công việc xử lý trên môi trường mạng đạt 92%.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
    ):
        assert pdf.says(data, phrase), phrase


def test_the_individual_report_has_the_personal_outline(individual, staff, run_on_commit):
    document = run_on_commit(request_document, "achievement_report", individual, by=staff)

    data = pdf_of(document)
    for phrase in (
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ và tên: Lò Văn Thắng",
        "- Sinh ngày, tháng, năm: 12/03/1985",
        "- Dân tộc: Tày",
        "- Chức vụ: Công chức Văn phòng – Thống kê",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "1. Chức vụ, nhiệm vụ được giao",
        "2. Thành tích đạt được",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
        "NGƯỜI BÁO CÁO THÀNH TÍCH",
    ):
        assert pdf.says(data, phrase), phrase


def test_the_units_letter_counts_what_its_list_holds(
    proposal, collective, individual, staff, giay_khen, run_on_commit
):
    second_individual(proposal, staff, giay_khen)

    document = run_on_commit(request_document, "award_proposal_letter", proposal, by=staff)

    data = pdf_of(document)
    assert pdf.says(data, "TỜ TRÌNH")
    assert pdf.says(data, "khen thưởng cho 1 tập thể và 2 cá nhân")
    assert pdf.says(data, "1. Giấy khen của Chủ tịch UBND huyện: 1 tập thể và 2 cá nhân")
    listed = [
        name
        for name in ("UBND xã Lùng Vai", "Lò Văn Thắng", "Hoàng Thị Nhung")
        if pdf.says(data, name)
    ]
    assert len(listed) == 3
    assert pdf.says(data, "Kính gửi: Phòng Văn hóa và Thông tin")


def test_the_unit_letter_is_for_the_unit_and_the_district_only(
    client, submitted, other_staff, admin_user
):
    url = reverse("documents:request", args=["award_proposal_letter", submitted.pk])

    client.force_login(other_staff)
    assert client.post(url).status_code == 404
    client.force_login(admin_user)
    assert client.post(url).status_code == 403


def test_the_admin_cannot_open_an_individuals_report(client, submitted, individual, admin_user):
    client.force_login(admin_user)

    response = client.get(reverse("documents:source", args=["achievement_report", individual.pk]))

    assert response.status_code == 403


# --- the office's papers ----------------------------------------------------------------------


def test_the_office_letter_and_summary_list_count_the_consolidated_nominees(
    accepted, campaign, office, run_on_commit
):
    submission = services.start_submission(campaign, 2024, by=office)

    letter = pdf_of(
        run_on_commit(request_document, "district_submission_letter", submission, by=office)
    )
    listing = pdf_of(run_on_commit(request_document, "summary_list", submission, by=office))

    assert pdf.says(letter, "Kính gửi: Chủ tịch")
    assert pdf.says(letter, "khen thưởng cho 1 tập thể và 1 cá nhân")
    assert pdf.says(listing, "DANH SÁCH")
    assert pdf.says(listing, "Lò Văn Thắng")
    assert pdf.says(listing, "(1985, Nam, Tày)")
    assert pdf.says(listing, "Tổng cộng: 1 tập thể, 1 cá nhân.")
    width, height = page_size(listing)
    assert (round(width), round(height)) == (round(A4_LONG), round(A4_SHORT))


# --- the council's papers ---------------------------------------------------------------------


def test_the_minutes_carry_the_vote_counts_and_the_result(closed_meeting, council, run_on_commit):
    document = run_on_commit(request_document, "council_minutes", closed_meeting, by=council)

    data = pdf_of(document)
    assert pdf.says(data, "BIÊN BẢN")
    assert pdf.says(data, "Thành viên Hội đồng dự họp: 4/5")
    # Whose proposals the council weighs: the campaign's standing office, from the paper's data.
    assert pdf.says(
        data,
        "Hội đồng xem xét đề nghị khen thưởng của Phòng Văn hóa và Thông tin đối với 1 tập thể "
        "và 1 cá nhân.",
    )
    assert pdf.says(data, "quá 1/2 số thành viên dự họp")
    assert pdf.says(
        data,
        "Lò Văn Thắng (Công chức Văn phòng – Thống kê, UBND xã Lùng Vai) "
        "Giấy khen của Chủ tịch UBND huyện 4 0 0 Tán thành",
    )
    assert pdf.says(
        data,
        "Đề nghị Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm tặng Giấy khen của Chủ tịch UBND "
        "huyện cho 1 tập thể và 1 cá nhân.",
    )
    assert pdf.says(data, "THƯ KÝ")
    assert pdf.says(data, "CHỦ TỌA")


def test_the_minutes_follow_form_1_9_with_start_end_and_recipients(
    closed_meeting, council, run_on_commit
):
    data = pdf_of(run_on_commit(request_document, "council_minutes", closed_meeting, by=council))

    text = pdf.squash(pdf.text(data))
    order = [
        "BIÊNBẢN",
        "Thờigianbắtđầu:09giờ00phút,ngày15/01/2025.",
        "Địađiểm:PhònghọpUBNDhuyện.",
        "Chủtrì(chủtọa):ThànhViên1–Ủyviên.",
        "NỘIDUNG",
        "KẾTLUẬN",
        "Cuộchọpkếtthúcvào09giờ00phútngày01/02/2025./.",
        "THƯKÝ",
        "CHỦTỌA",
        "Nơinhận:",
        "-CácthànhviênHộiđồng;",
        "-Lưu:VT,hồsơ.",
    ]
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions, [p for p, at in zip(order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)


def test_the_minutes_are_numbered_in_the_councils_own_register(
    closed_meeting, council, run_on_commit
):
    draft = run_on_commit(request_document, "council_minutes", closed_meeting, by=council)

    issued = run_on_commit(issue_document, draft, by=council)

    assert issued.reference == "01/BB-HĐTĐKT"


# --- the decision -------------------------------------------------------------------------------


@pytest.fixture
def numbered_decision(closed_meeting, council, giay_khen, run_on_commit):
    """A decision left for the register to number, with its printed draft."""
    decision = services.draft_decision(
        closed_meeting,
        by=council,
        award_form=giay_khen,
        data={
            "number": "",
            "decided_on": DECIDED_ON,
            "signer_name": "Lương Văn Thành",
            "signer_position": "Chủ tịch",
            "fund_name": "Quỹ Thi đua, khen thưởng huyện",
        },
    )
    run_on_commit(request_document, "award_decision", decision, by=council)
    return decision


def _amounts(text):
    return [int(a.replace(".", "")) for a in re.findall(r"(\d{1,3}(?:\.\d{3})+)đồng", text)]


def test_issuing_takes_the_number_from_the_district_register_on_the_decision_day(
    numbered_decision, council, run_on_commit
):
    run_on_commit(services.issue_decision, numbered_decision, by=council)

    numbered_decision.refresh_from_db()
    issued = GeneratedDocument.objects.of("award_decision", numbered_decision).get(
        issuance__isnull=False
    )
    data = pdf_of(issued)
    assert numbered_decision.number == "01/QĐ-UBND"
    assert numbered_decision.status == AwardDecision.Status.ISSUED
    assert pdf.says(data, "Số: 01/QĐ-UBND")
    assert pdf.says(data, "ngày 20 tháng 01 năm 2025")
    assert pdf.says(data, "(Kèm theo Quyết định số 01/QĐ-UBND ngày 20/01/2025)")


def test_the_decision_cites_each_act_in_force_on_its_own_line_and_files_with_the_drafter(
    numbered_decision, council, run_on_commit
):
    run_on_commit(services.issue_decision, numbered_decision, by=council)

    issued = GeneratedDocument.objects.of("award_decision", numbered_decision).get(
        issuance__isnull=False
    )
    data = pdf_of(issued)
    text = pdf.text(data)
    basis = [line for line in text.splitlines() if line.startswith(("Căn cứ", "Theo đề nghị"))]
    # Each act starts its own line, in order (a long title wraps onto the next line).
    starts = [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày",
        "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ",
        "Căn cứ Luật Thi đua, khen thưởng ngày",
        "Căn cứ Nghị định số 98/2023/NĐ-CP",
        "Căn cứ Kế hoạch",
        "Theo đề nghị của Hội đồng",
    ]
    assert len(basis) == len(starts)
    assert all(line.startswith(start) for line, start in zip(basis, starts, strict=True))
    for phrase in (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
        "Theo đề nghị của Hội đồng Thi đua – Khen thưởng tại phiên họp ngày 15/01/2025",
        "- Lưu: VT, NV.",
    ):
        assert pdf.says(data, phrase), phrase
    assert not pdf.says(data, "Nghị định số 152/2025")
    assert (
        text.index("Căn cứ Luật Tổ chức")
        < text.index("Căn cứ Nghị định")
        < text.index("Theo đề nghị")
    )


def test_the_decisions_total_equals_the_sum_of_its_bonuses(
    numbered_decision, council, run_on_commit
):
    run_on_commit(services.issue_decision, numbered_decision, by=council)

    issued = GeneratedDocument.objects.of("award_decision", numbered_decision).get(
        issuance__isnull=False
    )
    annex = pdf.squash(pdf.reader(pdf_of(issued)).pages[-1].extract_text())
    rows, total = annex.split("Tổngcộng")
    bonuses = _amounts(rows)
    assert bonuses == [1_410_000, 710_000]
    assert _amounts(total) == [sum(bonuses)]
    assert sum(n.bonus_amount for n in numbered_decision.awardees.all()) == sum(bonuses)
    assert pdf.says(pdf_of(issued), "tổng cộng 2.120.000 đồng")


def test_the_decision_is_numbered_only_through_issuing_it(numbered_decision, council):
    draft = GeneratedDocument.objects.of("award_decision", numbered_decision).get()

    with pytest.raises(DocumentError, match="không có quyền phát hành"):
        issue_document(draft, by=council)

    assert Issuance.objects.count() == 0


def test_issuing_without_a_printed_draft_is_refused(decision, council):
    services.update_decision(decision, by=council, data={"number": ""})

    with pytest.raises(services.DossierError, match="Cần tạo dự thảo quyết định"):
        services.issue_decision(decision, by=council)


def test_a_draft_that_no_longer_matches_the_decision_is_refused(numbered_decision, council):
    services.update_decision(numbered_decision, by=council, data={"signer_name": "Hoàng Thị Lan"})

    with pytest.raises(services.DossierError, match="không còn khớp"):
        services.issue_decision(numbered_decision, by=council)

    numbered_decision.refresh_from_db()
    assert (numbered_decision.status, numbered_decision.number) == (AwardDecision.Status.DRAFT, "")


# --- certificates and the district's letter to the province -----------------------------------


def test_a_certificate_is_a4_landscape_and_names_the_decision(
    numbered_decision, council, run_on_commit
):
    run_on_commit(services.issue_decision, numbered_decision, by=council)
    numbered_decision.refresh_from_db()
    person = numbered_decision.awardees.get(subject=Subject.INDIVIDUAL)

    data = pdf_of(run_on_commit(request_document, "certificate", person, by=council))

    width, height = page_size(data)
    assert (round(width), round(height)) == (round(A4_LONG), round(A4_SHORT))
    assert len(pdf.reader(data).pages) == 1
    for phrase in (
        "GIẤY KHEN",
        "Lò Văn Thắng",
        "Quyết định số 01/QĐ-UBND ngày 20/01/2025",
        "ngày 20 tháng 01 năm 2025",
        "CHỦ TỊCH",
    ):
        assert pdf.says(data, phrase), phrase
    # The frame and everything drawn stay inside the sheet's 12 mm margins.
    assert pdf.drawn_boxes(data)
    assert pdf.outside(data, margin=12 * pdf.MM) == []
    assert all(
        12 * pdf.MM - 1 < x < A4_LONG - 12 * pdf.MM and 12 * pdf.MM < y < A4_SHORT - 12 * pdf.MM
        for _page, x, y in pdf.text_boxes(data)
    )
    # The awardee's name is the largest text after the title of the award.
    sizes = _font_sizes(data)
    assert sizes["Lò Văn Thắng"] > max(
        size for text, size in sizes.items() if text not in ("GIẤY KHEN", "Lò Văn Thắng")
    )


def _font_sizes(data):
    """{text piece: font size in points} of the first page."""
    sizes = {}

    def visit(content, cm, tm, font_dict, font_size):
        if content.strip():
            sizes[content.strip()] = font_size * tm[0] * cm[0]

    pdf.reader(data).pages[0].extract_text(visitor_text=visit)
    return sizes


def test_a_certificate_for_the_blank_form_prints_only_its_text_where_the_admin_put_it(
    numbered_decision, council, run_on_commit
):
    run_on_commit(services.issue_decision, numbered_decision, by=council)
    numbered_decision.refresh_from_db()
    person = numbered_decision.awardees.get(subject=Subject.INDIVIDUAL)
    CertificateField.objects.filter(key="name").update(left_mm=40, top_mm=100, width_mm=217)
    CertificateField.objects.filter(key="authority").update(is_printed=False)

    data = pdf_of(run_on_commit(request_document, "certificate_blank", person, by=council))

    assert page_size(data) == pytest.approx((A4_LONG, A4_SHORT), abs=0.5)
    assert pdf.drawn_boxes(data) == []  # no frame, no rule: the blank has them
    for phrase in ("Lò Văn Thắng", "Quyết định số 01/QĐ-UBND ngày 20/01/2025", "CHỦ TỊCH"):
        assert pdf.says(data, phrase), phrase
    for preprinted in ("GIẤY KHEN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TẶNG"):
        assert not pdf.says(data, preprinted), preprinted
    assert not pdf.says(data, "CHỦ TỊCH ỦY BAN NHÂN DÂN")  # switched off: pre-printed
    x, y = _start_of(data, "Lò Văn Thắng")
    # Centred in its 217 mm box from 40 mm; its top edge 100 mm from the top of the sheet.
    assert 40 * pdf.MM < x < (40 + 217 / 2) * pdf.MM
    assert A4_SHORT - 100 * pdf.MM - 30 < y < A4_SHORT - 100 * pdf.MM


def _start_of(data, text):
    """(x, y) in points where `text` starts on the first page."""
    found = []

    def visit(content, cm, tm, font_dict, font_size):
        if content.strip().startswith(text):
            found.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    pdf.reader(data).pages[0].extract_text(visitor_text=visit)
    return found[0]


def test_the_blank_form_positions_are_seeded_and_editable_in_the_admin(admin_client):
    assert set(CertificateField.objects.values_list("key", flat=True)) == set(
        CertificateField.Key.values
    )
    field = CertificateField.objects.get(key="name")

    page = admin_client.get(reverse("admin:dossiers_certificatefield_changelist"))
    response = admin_client.post(
        reverse("admin:dossiers_certificatefield_change", args=[field.pk]),
        {
            "key": "name",
            "left_mm": "30.5",
            "top_mm": "90",
            "width_mm": "240",
            "font_size": "26",
            "bold": "on",
            "align": "center",
            "is_printed": "on",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    field.refresh_from_db()
    assert (float(field.left_mm), float(field.font_size)) == (30.5, 26.0)


def test_no_certificate_before_the_decision_is_issued(decision, council):
    person = decision.awardees.get(subject=Subject.INDIVIDUAL)

    with pytest.raises(DocumentError):
        request_document("certificate", person, by=council)


def test_the_unit_downloads_its_certificate(
    client, numbered_decision, council, staff, run_on_commit
):
    run_on_commit(services.issue_decision, numbered_decision, by=council)
    numbered_decision.refresh_from_db()
    person = numbered_decision.awardees.get(subject=Subject.INDIVIDUAL)
    certificate = run_on_commit(request_document, "certificate", person, by=council)
    client.force_login(staff)

    page = client.get(reverse("dossiers:nominee_detail", args=[person.pk])).content.decode()
    response = client.get(reverse("documents:pdf", args=[certificate.pk]))

    assert reverse("documents:source", args=["certificate", person.pk]) in page
    assert response.status_code == 200
    assert pdf.says(b"".join(response.streaming_content), "GIẤY KHEN")
    # Named for the clerk: the paper, the year and the person; no id, never "dự thảo".
    assert 'filename="giay-khen-2024-lo-van-thang.pdf"' in response["Content-Disposition"]


def test_the_district_letter_to_the_province_lists_the_bang_khen_nominees(
    closed_meeting, council, individual, bang_khen, run_on_commit
):
    Nominee.objects.filter(pk=individual.pk).update(award_form=bang_khen)
    forwarding = services.forward_to_province(
        closed_meeting,
        by=council,
        award_form=bang_khen,
        data={
            "number": "",
            "submitted_on": datetime.date(2025, 1, 21),
            "signer_name": "Lương Văn Thành",
            "signer_position": "Chủ tịch",
        },
    )

    data = pdf_of(run_on_commit(request_document, "forwarding_letter", forwarding, by=council))

    assert pdf.says(data, "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm 2024")
    assert pdf.says(data, "Bằng khen của Chủ tịch UBND tỉnh cho 1 cá nhân đã có thành tích")
    assert pdf.says(data, "Lò Văn Thắng")


def test_minutes_cannot_be_issued_dated_before_the_meeting_they_record(
    closed_meeting, council, run_on_commit
):
    """Issue 9: an issued paper's date never precedes the facts it cites."""
    draft = run_on_commit(request_document, "council_minutes", closed_meeting, by=council)

    with pytest.raises(DocumentError) as refused:
        issue_document(draft, by=council, today=datetime.date(2025, 1, 14))

    assert str(refused.value) == (
        "Văn bản ngày 14/01/2025 không thể dẫn phiên họp Hội đồng ngày 15/01/2025: ngày ban "
        "hành phải từ ngày 15/01/2025 trở đi."
    )
    assert not Issuance.objects.exists()
    issued = run_on_commit(issue_document, draft, by=council, today=datetime.date(2025, 1, 15))
    assert issued.issuance.issued_on == datetime.date(2025, 1, 15)


def test_the_office_letter_cannot_predate_the_proposals_it_consolidates(
    accepted, campaign, office, run_on_commit
):
    submission = services.start_submission(campaign, 2024, by=office)
    draft = run_on_commit(request_document, "district_submission_letter", submission, by=office)

    with pytest.raises(DocumentError) as refused:
        issue_document(draft, by=office, today=datetime.date(2024, 12, 1))

    assert "không thể dẫn hồ sơ đề nghị gửi gần nhất ngày" in str(refused.value)


def test_a_decision_issued_on_paper_is_filed_under_its_recorded_number(
    decision, council, run_on_commit
):
    services.issue_decision(decision, by=council)  # its number 12/QĐ-UBND typed in

    document = run_on_commit(
        file_issued_paper, "award_decision", decision, number=12, issued_on=DECIDED_ON, by=council
    )

    data = pdf_of(document)
    assert document.reference == "12/QĐ-UBND"
    assert pdf.says(data, "Số: 12/QĐ-UBND") and pdf.says(data, "ngày 20 tháng 01 năm 2025")
    assert not pdf.says(data, "DỰ THẢO")
    # The register holds it, and the next number issued in 2025 comes after it.
    assert Issuance.objects.get(draft=document).number == 12
    with pytest.raises(DocumentError, match="đã có trong sổ văn bản đi"):
        file_issued_paper("award_decision", decision, number=12, issued_on=DECIDED_ON, by=council)
    assert allocate_number(document.issuer, 2025) == 13
