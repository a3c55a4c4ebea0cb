"""What the first two documents say, and where they say it, read back from the PDF."""

import time_machine
from docx import Document

from documents.services import issue_document, request_document
from tests.factories import RegistrationFactory, TargetFactory, UnitFactory
from units.models import Tier

from . import pdf

A4 = (595.28, 841.89)
MM = pdf.MM


def _pdf_bytes(document):
    with document.pdf.open("rb") as handle:
        return handle.read()


@time_machine.travel("2024-02-05 09:00 +0700", tick=False)
def test_issued_registration_form_reads_as_a_decree_30_document(
    ready_registration, head, run_on_commit
):
    TargetFactory(
        registration=ready_registration,
        title="Tổ công nghệ số cộng đồng hoạt động",
        product="Quyết định thành lập tổ",
    )
    draft = run_on_commit(request_document, "registration_form", ready_registration, by=head)

    issued = run_on_commit(issue_document, draft, by=head)

    data = _pdf_bytes(issued)
    assert issued.status == "done"
    assert pdf.says(data, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert pdf.says(data, "Độc lập - Tự do - Hạnh phúc")
    # The commune's People's Committee issues under its full name, no parent line, and
    # signs on behalf of the committee (Decree 30/2020, Annex I).
    assert pdf.says(data, "ỦY BAN NHÂN DÂN\nXÃ LÙNG VAI")
    assert not pdf.says(data, "UBND XÃ LÙNG VAI")
    assert not pdf.says(data, "HUYỆN THỬ NGHIỆM")
    assert pdf.says(data, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    assert pdf.says(data, "Số: 01/ĐKTĐ-UBND")
    assert pdf.says(data, "Thử Nghiệm, ngày 05 tháng 02 năm 2024")
    assert pdf.says(data, "BẢN ĐĂNG KÝ THI ĐUA")
    assert pdf.says(data, "Kính gửi:")
    assert pdf.says(data, "Tổ công nghệ số cộng đồng hoạt động")
    assert pdf.says(data, "Quyết định thành lập tổ")
    assert pdf.says(data, "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc.")
    assert pdf.says(data, head.full_name)
    assert pdf.says(data, "Lưu: VT, UBND.")
    assert not pdf.says(data, "DỰ THẢO")


@time_machine.travel("2024-02-05 09:00 +0700", tick=False)
def test_draft_has_no_number_and_says_it_is_a_draft(ready_registration, staff, run_on_commit):
    draft = run_on_commit(request_document, "registration_form", ready_registration, by=staff)

    data = _pdf_bytes(draft)
    assert draft.is_draft
    assert pdf.says(data, "DỰ THẢO")
    assert not pdf.says(data, "Số: 01/")
    assert pdf.says(data, "/ĐKTĐ-UBND")
    assert not pdf.says(data, "tháng 02")


def test_pages_are_a4_and_text_stays_inside_the_margins(ready_registration, head, run_on_commit):
    draft = run_on_commit(request_document, "registration_form", ready_registration, by=head)
    data = _pdf_bytes(draft)

    sizes = {
        (round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
        for p in pdf.reader(data).pages
    }
    boxes = pdf.text_boxes(data)

    assert sizes == {A4}
    assert boxes
    # Left 30 mm, right 15 mm, bottom 20 mm; the top margin holds only the page number.
    assert min(x for _page, x, _y in boxes) >= 30 * MM - 1
    assert max(x for _page, x, _y in boxes) <= A4[0] - 15 * MM
    assert min(y for _page, _x, y in boxes) >= 20 * MM - 1
    assert max(y for page, _x, y in boxes if page == 1) <= A4[1] - 20 * MM


def test_registration_form_pdf_and_docx_carry_the_same_content(
    ready_registration, head, run_on_commit
):
    draft = run_on_commit(request_document, "registration_form", ready_registration, by=head)

    with draft.docx.open("rb") as handle:
        word = Document(handle)
    docx_text = "\n".join(
        [p.text for p in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )

    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BẢN ĐĂNG KÝ THI ĐUA",
        "ỦY BAN NHÂN DÂN\nXÃ LÙNG VAI",
        "Hồ sơ công việc xử lý trên môi trường mạng",
        "Báo cáo thống kê từ hệ thống",
        head.full_name,
    ):
        assert expected in docx_text
        assert pdf.says(_pdf_bytes(draft), expected)
    assert round(word.sections[0].page_width.mm) == 210


def test_user_text_with_html_and_urls_is_printed_literally_without_any_request(
    ready_registration, head, run_on_commit, socket_guard
):
    hostile = '<img src="http://127.0.0.1:9/x.png"> <link rel="stylesheet" href="http://127.0.0.1:9/a.css"> <b style="background: url(http://127.0.0.1:9/b.png)">đậm</b>'
    ready_registration.commitment = hostile
    ready_registration.save()

    draft = run_on_commit(request_document, "registration_form", ready_registration, by=head)

    data = _pdf_bytes(draft)
    assert draft.status == "done"
    assert pdf.says(data, '<img src="http://127.0.0.1:9/x.png">')
    assert pdf.says(data, '<link rel="stylesheet" href="http://127.0.0.1:9/a.css">')
    assert pdf.says(data, "url(http://127.0.0.1:9/b.png)")
    assert socket_guard == []


@time_machine.travel("2024-03-04 10:00 +0700", tick=False)
def test_registration_report_counts_on_time_late_and_missing(
    window, office, office_body, run_on_commit
):
    on_time = RegistrationFactory(
        window=window,
        unit=UnitFactory(name="UBND xã Bản Lầu"),
        status="accepted",
        is_late=False,
        first_submitted_at="2024-02-10T09:00+07:00",
    )
    RegistrationFactory(
        window=window,
        unit=UnitFactory(name="UBND xã Pha Long"),
        status="submitted",
        is_late=True,
        first_submitted_at="2024-02-25T09:00+07:00",
    )
    RegistrationFactory(window=window, unit=UnitFactory(name="UBND xã Nấm Lư"), status="draft")
    UnitFactory(name="Công ty Chè Suối Thầu (hư cấu)", tier=Tier.ENTERPRISE)
    draft = run_on_commit(request_document, "registration_report", window, by=office)

    issued = run_on_commit(
        issue_document, draft, by=office, signer=office_body.signers.get(authority="KT.")
    )

    data = _pdf_bytes(issued)
    assert pdf.says(data, "PHÒNG VĂN HÓA VÀ THÔNG TIN")
    assert pdf.says(data, "UBND HUYỆN THỬ NGHIỆM")
    assert pdf.says(data, "Số: 01/BC-VHTT")
    assert pdf.says(data, "Thử Nghiệm, ngày 04 tháng 3 năm 2024")
    assert pdf.says(data, "BÁO CÁO")
    assert pdf.says(data, "Kính gửi: Ủy ban nhân dân huyện Thử Nghiệm.")
    assert pdf.says(data, "KT. TRƯỞNG PHÒNG")
    assert pdf.says(data, "PHÓ TRƯỞNG PHÒNG")
    assert pdf.says(data, "Đỗ Thị Hồng")
    assert pdf.says(data, "UBND xã Bản Lầu 10/02/2024 Đúng hạn Đã tiếp nhận")
    assert pdf.says(data, "UBND xã Pha Long 25/02/2024 Muộn Đã gửi muộn")
    assert pdf.says(data, "UBND xã Nấm Lư Chưa đăng ký Đang soạn")
    assert pdf.says(data, "Công ty Chè Suối Thầu (hư cấu) Chưa đăng ký Chưa đăng ký")
    assert pdf.says(data, on_time.unit.name)
    assert pdf.says(data, "Lưu: VT, VHTT.")
