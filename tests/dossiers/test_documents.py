"""The dossier's papers read back from the PDFs: outline sections, counts, totals, layout."""

import datetime
import re

import pytest
from django.urls import reverse

from awards.models import Subject
from documents.models import GeneratedDocument, Issuance
from documents.services import DocumentError, issue_document, request_document
from dossiers import services
from dossiers.models import AwardDecision, Nominee

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
    assert pdf.says(data, "quá 1/2 số thành viên dự họp")
    assert pdf.says(
        data,
        "Lò Văn Thắng (Công chức Văn phòng – Thống kê, UBND xã Lùng Vai) "
        "Giấy khen của Chủ tịch UBND huyện 4 0 0 Tán thành",
    )
    assert pdf.says(
        data,
        "Đề nghị Chủ tịch UBND huyện Thử Nghiệm tặng Giấy khen của Chủ tịch UBND "
        "huyện cho 1 tập thể và 1 cá nhân.",
    )
    assert pdf.says(data, "THƯ KÝ")
    assert pdf.says(data, "CHỦ TRÌ")


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
        "Quyết định số 01/QĐ-UBND",
        "ngày 20 tháng 01 năm 2025",
        "CHỦ TỊCH",
    ):
        assert pdf.says(data, phrase), phrase


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
