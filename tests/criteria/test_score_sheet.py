"""The score sheet of a scored assessment: what the PDF says, its landscape pages, who may have it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT

from criteria import services
from documents.models import GeneratedDocument, IssuingBody, Signer
from documents.services import DocumentError, issue_document, request_document
from tests.documents import pdf

from .helpers import login, review_lines

A4_LANDSCAPE = (841.89, 595.28)
MM = pdf.MM
REASON = "Hệ thống quản lý văn bản chỉ ghi nhận 300 hồ sơ xử lý trên môi trường mạng."


@pytest.fixture
def culture_body(campaign):
    body = IssuingBody.objects.get(code="phong-vh-tt")
    Signer.objects.create(issuer=body, full_name="Nguyễn Văn An", position="Trưởng phòng")
    return body


@pytest.fixture
def scored(submitted, office, culture_body):
    """Scored on 10/03/2025: the reviewer lowers X1 to 300 of 400 (75 %, not met) with a reason."""
    with time_machine.travel("2025-03-10 09:00 +0700", tick=False):
        return services.score_assessment(
            submitted,
            by=office,
            revision=submitted.revision,
            lines=review_lines(submitted, X1={"done": 300, "reason": REASON}),
        )


def _run(capture, action, *args, **kwargs):
    with capture(execute=True):
        result = action(*args, **kwargs)
    result.refresh_from_db()
    return result


def _pdf_bytes(document):
    with document.pdf.open("rb") as handle:
        return handle.read()


@time_machine.travel("2025-03-12 10:00 +0700", tick=False)
def test_issued_score_sheet_lists_each_criterion_with_both_figures_points_and_reasons(
    scored, office, django_capture_on_commit_callbacks
):
    draft = _run(
        django_capture_on_commit_callbacks, request_document, "score_sheet", scored, by=office
    )

    issued = _run(django_capture_on_commit_callbacks, issue_document, draft, by=office)

    data = _pdf_bytes(issued)
    assert issued.status == "done"
    for phrase in (
        "UBND HUYỆN THỬ NGHIỆM",
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "Số: 01/BCĐ-VHTT",
        "Thử Nghiệm, ngày 12 tháng 3 năm 2025",
        "BẢNG CHẤM ĐIỂM THI ĐUA",
        "Kết quả thực hiện tiêu chí thi đua về chuyển đổi số năm 2024",
        "chấm điểm kết quả thực hiện tiêu chí của UBND xã Lùng Vai",
        # X1: the unit's 350 of 400 (87,5%, met, 40 points); the reviewer's 300 (75 %, 0).
        "Tổng số hồ sơ công việc: 412",
        "Hồ sơ có nội dung mật (không tính): 12",
        "Hồ sơ xử lý trên môi trường mạng: 350",
        "87,5% – Đạt",
        "Hồ sơ xử lý trên môi trường mạng: 300",
        "75% – Không đạt",
        f"Điều chỉnh: {REASON}",
        "Tổng cộng 100",
        "Tổng điểm chấm: 60/100 điểm (đơn vị tự chấm: 100 điểm).",
        "Chưa đủ điều kiện đề nghị khen thưởng: tiêu chí bắt buộc chưa đạt X1.",
        "Ngày chấm: 10/03/2025; người chấm: " + office.full_name,
        "Nguyễn Văn An",
        "Lưu: VT, VHTT.",
    ):
        assert pdf.says(data, phrase), phrase
    assert not pdf.says(data, "DỰ THẢO")


def test_an_eligible_unit_reads_so_on_its_draft(
    submitted, office, culture_body, django_capture_on_commit_callbacks
):
    scored = services.score_assessment(
        submitted, by=office, revision=submitted.revision, lines=review_lines(submitted)
    )

    draft = _run(
        django_capture_on_commit_callbacks, request_document, "score_sheet", scored, by=office
    )

    data = _pdf_bytes(draft)
    assert pdf.says(data, "DỰ THẢO")
    assert pdf.says(data, "Tổng điểm chấm: 100/100 điểm")
    assert pdf.says(data, "Đủ điều kiện đề nghị khen thưởng: mọi tiêu chí bắt buộc đều đạt.")


def test_score_sheet_is_a4_landscape_in_the_pdf_and_in_the_docx(
    scored, office, django_capture_on_commit_callbacks
):
    draft = _run(
        django_capture_on_commit_callbacks, request_document, "score_sheet", scored, by=office
    )

    data = _pdf_bytes(draft)
    sizes = {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in pdf.reader(data).pages
    }
    boxes = pdf.text_boxes(data)
    with draft.docx.open("rb") as handle:
        section = Document(handle).sections[0]

    assert draft.snapshot["letterhead"]["orientation"] == "landscape"
    assert sizes == {A4_LANDSCAPE}
    # Landscape margins: left 25 mm, right 20 mm, bottom 20 mm.
    assert min(x for _page, x, _y in boxes) >= 25 * MM - 1
    assert max(x for _page, x, _y in boxes) <= A4_LANDSCAPE[0] - 20 * MM
    assert min(y for _page, _x, y in boxes) >= 20 * MM - 1
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_score_sheet_docx_carries_the_same_lines(
    scored, office, django_capture_on_commit_callbacks
):
    draft = _run(
        django_capture_on_commit_callbacks, request_document, "score_sheet", scored, by=office
    )

    with draft.docx.open("rb") as handle:
        word = Document(handle)
    table = next(t for t in word.tables if "Lý do điều chỉnh" in t.rows[0].cells[-1].text)
    x1 = next(row for row in table.rows if row.cells[0].text == "X1")

    assert x1.cells[7].text == "0"
    assert REASON in x1.cells[8].text
    assert "75% – Không đạt" in x1.cells[6].text
    # Column widths follow the print template's w-NN classes: the criterion column is widest.
    widths = [cell.width for cell in table.rows[0].cells]
    assert max(widths) == widths[1]


def test_only_the_office_requests_it(scored, council, head):
    for user in (council, head):
        with pytest.raises(DocumentError):
            request_document("score_sheet", scored, by=user)

    assert GeneratedDocument.objects.count() == 0


def test_nothing_is_printed_before_scoring(submitted, office, culture_body):
    with pytest.raises(DocumentError):
        request_document("score_sheet", submitted, by=office)

    assert GeneratedDocument.objects.count() == 0


@pytest.fixture
def sheet(scored, office, django_capture_on_commit_callbacks):
    return _run(
        django_capture_on_commit_callbacks, request_document, "score_sheet", scored, by=office
    )


def test_anonymous_is_sent_to_login(client, sheet):
    response = client.get(reverse("documents:pdf", args=[sheet.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_another_unit_gets_404(client, sheet, other_head, scored):
    login(client, other_head)

    assert client.get(reverse("documents:detail", args=[sheet.pk])).status_code == 404
    assert (
        client.get(reverse("documents:source", args=["score_sheet", scored.pk])).status_code == 404
    )


def test_the_unit_reads_but_may_not_request_it(client, sheet, head, scored):
    login(client, head)

    download = client.get(reverse("documents:pdf", args=[sheet.pk]))
    refused = client.post(reverse("documents:request", args=["score_sheet", scored.pk]))

    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert refused.status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_the_unit_may_not_see_score_sheets_before_scoring(client, submitted, head):
    login(client, head)

    response = client.get(reverse("documents:source", args=["score_sheet", submitted.pk]))

    assert response.status_code == 403


def test_office_requests_it_from_the_assessment_page(
    client, scored, office, culture_body, django_capture_on_commit_callbacks
):
    login(client, office)

    page = client.get(reverse("criteria:detail", args=[scored.pk])).content.decode()
    buttons = client.get(
        reverse("documents:source", args=["score_sheet", scored.pk]),
        headers={"HX-Request": "true"},
    ).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:request", args=["score_sheet", scored.pk]))
    document = GeneratedDocument.objects.get()

    assert f'hx-get="{reverse("documents:source", args=["score_sheet", scored.pk])}"' in page
    assert "Tạo dự thảo bảng chấm điểm thi đua" in buttons
    assert response.url == reverse("documents:detail", args=[document.pk])
    assert (document.kind, document.status) == ("score_sheet", "done")


def test_an_assessment_not_yet_scored_offers_no_score_sheet(client, submitted, office):
    login(client, office)

    page = client.get(reverse("criteria:detail", args=[submitted.pk])).content.decode()

    assert reverse("documents:source", args=["score_sheet", submitted.pk]) not in page


@time_machine.travel("2025-03-12 10:00 +0700", tick=False)
def test_a_score_sheet_cannot_be_dated_before_the_scoring_it_reports(
    scored, office, django_capture_on_commit_callbacks
):
    """Issue 9: an issued paper's date never precedes the facts it cites."""
    draft = _run(
        django_capture_on_commit_callbacks, request_document, "score_sheet", scored, by=office
    )

    with pytest.raises(DocumentError) as refused:
        issue_document(draft, by=office, today=datetime.date(2025, 3, 9))

    assert str(refused.value) == (
        "Văn bản ngày 09/03/2025 không thể dẫn kết quả chấm điểm ngày 10/03/2025: ngày ban "
        "hành phải từ ngày 10/03/2025 trở đi."
    )
