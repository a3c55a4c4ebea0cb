"""An issued summary through the documents pipeline: the PDF and DOCX say what the issue says."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from documents.models import GeneratedDocument, IssuingBody, Signer
from documents.services import DocumentError, issue_document, request_document
from registrations.deadlines import LOCAL_TZ
from reports import services
from reports.models import SummaryKind

from ..documents import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def office_body(campaign):
    body = IssuingBody.objects.get(code="phong-vh-tt")
    Signer.objects.create(issuer=body, full_name="Nguyễn Văn An", position="Trưởng phòng", order=1)
    return body


@pytest.fixture
def issue(campaign, window, annual, known, office):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    services.update_summary_narrative(
        summary,
        by=office,
        narrative={
            "direction_text": "Ban hành kế hoạch, hướng dẫn đăng ký thi đua.",
            "results_text": "Các đơn vị tích cực hưởng ứng phong trào.",
            "limitations_text": "Một số đơn vị báo cáo muộn.",
            "next_tasks_text": "Tổ chức kiểm tra, đánh giá.",
            "proposals_text": "Bố trí kinh phí khen thưởng.",
        },
    )
    return services.compute_issue(services.issue_summary(summary, by=office).pk)


def files(document):
    with document.pdf.open("rb") as handle:
        data = handle.read()
    with document.docx.open("rb") as handle:
        docx = Document(io.BytesIO(handle.read()))
    return data, docx


def docx_text(docx):
    parts = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def on_8_january_2025(time_machine):
    """The summary is issued and printed on 08/01/2025 (its figures frozen that day too: a
    paper is never dated before the figures it reports)."""
    time_machine.move_to(datetime.datetime(2025, 1, 8, 9, tzinfo=LOCAL_TZ), tick=False)


def test_the_issued_summary_prints_as_a_decree_30_report_with_its_figures_and_charts(
    on_8_january_2025, issue, office, office_body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = request_document("summary_report", issue, by=office)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue_document(draft, by=office)
    issued.refresh_from_db()

    data, docx = files(issued)
    assert issued.status == "done"
    for phrase in (
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "Số: 01/BC-VHTT",
        "Thử Nghiệm, ngày 08 tháng 01 năm 2025",
        "BÁO CÁO",
        "Kết quả thực hiện phong trào thi đua về chuyển đổi số năm 2024",
        "Kính gửi: Ủy ban nhân dân huyện Thử Nghiệm",
        "II. KẾT QUẢ NỔI BẬT",
        "Các đơn vị tích cực hưởng ứng phong trào.",
        "UBND xã Phú",
        "Nguyễn Văn An",
        # The chart itself (SVG text drawn in the PDF) and its caption.
        "Tỷ lệ đơn vị đăng ký thi đua năm 2024 theo khối",
        "33,3%",
        "44,4%",
        "Biểu đồ 1. Tỷ lệ đơn vị đăng ký thi đua năm 2024 theo khối. Cơ quan cấp huyện: Đúng hạn 0%",
    ):
        assert pdf.says(data, phrase), phrase
    assert {family for _name, family, _version in pdf.fonts(data)} == {"Liberation Serif"}
    text = docx_text(docx)
    assert "Bảng 2. Đăng ký thi đua năm 2024 (hạn: trước ngày 20/02/2024)" in text
    assert "Biểu đồ 1. Tỷ lệ đơn vị đăng ký thi đua năm 2024 theo khối." in text
    assert "44,4%" in text and "UBND xã Phú" in text


def test_the_printed_report_keeps_the_issued_figures_after_the_data_changes(
    issue, office, office_body, known, django_capture_on_commit_callbacks
):
    known["d"].registrations.update(
        status="submitted", is_late=True, first_submitted_at=issue.issued_at
    )

    with django_capture_on_commit_callbacks(execute=True):
        draft = request_document("summary_report", issue, by=office)
    draft.refresh_from_db()

    data, _docx = files(draft)
    assert pdf.says(data, "UBND xã Dương")  # still in the issue's list of units not registered


def test_only_the_office_prints_and_units_never_see_the_issue(client, issue, council, head):
    with pytest.raises(DocumentError):
        request_document("summary_report", issue, by=council)
    client.force_login(head)

    response = client.get(reverse("documents:source", args=["summary_report", issue.pk]))

    assert response.status_code == 404


def test_an_issue_still_computing_cannot_be_printed(client, summary_queued, office):
    client.force_login(office)

    response = client.post(reverse("documents:request", args=["summary_report", summary_queued.pk]))

    assert response.status_code == 404


@pytest.fixture
def summary_queued(campaign, annual, office):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    return services.issue_summary(summary, by=office)


def test_the_issue_page_loads_the_print_buttons(client, issue, office):
    client.force_login(office)

    page = client.get(reverse("reports:issue_detail", args=[issue.summary_id, 1])).content.decode()
    buttons = client.get(
        reverse("documents:source", args=["summary_report", issue.pk]),
        headers={"HX-Request": "true"},
    ).content.decode()

    assert reverse("documents:source", args=["summary_report", issue.pk]) in page
    assert "Tạo dự thảo báo cáo tổng hợp phong trào thi đua" in buttons


def test_issuing_a_summary_gives_its_numbered_report_in_one_step(
    on_8_january_2025,
    campaign,
    window,
    annual,
    known,
    office,
    office_body,
    django_capture_on_commit_callbacks,
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)

    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_summary(summary, by=office)

    issue.refresh_from_db()
    numbered = GeneratedDocument.objects.of("summary_report", issue).get(issuance__isnull=False)
    data, _docx = files(numbered)
    assert issue.status == "done"
    assert numbered.status == "done"
    assert numbered.requested_by == office
    assert pdf.says(data, "Số: 01/BC-VHTT")
    assert pdf.says(data, "Thử Nghiệm, ngày 08 tháng 01 năm 2025")
    assert not pdf.says(data, "DỰ THẢO")
    # Running the step again (a task delivered twice) takes no second number.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.print_issue(issue) is None
    assert (
        GeneratedDocument.objects.of("summary_report", issue).filter(issuance__isnull=False).count()
        == 1
    )


def test_the_office_page_after_issuing_offers_the_numbered_pdf(
    client, campaign, window, annual, known, office, office_body, django_capture_on_commit_callbacks
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    client.force_login(office)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:summary_issue", args=[summary.pk]))
    issue = summary.issues.get()
    numbered = GeneratedDocument.objects.of("summary_report", issue).get(issuance__isnull=False)
    buttons = client.get(
        reverse("documents:source", args=["summary_report", issue.pk]),
        headers={"HX-Request": "true"},
    ).content.decode()

    assert response.status_code == 302
    assert reverse("documents:pdf", args=[numbered.pk]) in buttons
    assert "01/BC-VHTT" in buttons


def test_issuing_when_the_office_no_longer_issues_papers_still_freezes_the_figures(
    time_machine,
    campaign,
    window,
    annual,
    known,
    office,
    office_body,
    django_capture_on_commit_callbacks,
):
    """The office ended with the district (30/6/2025): the figures are issued, the report
    is not numbered in its name, and nothing breaks (the demo issues such a summary)."""
    time_machine.move_to(datetime.datetime(2025, 8, 8, 9, tzinfo=LOCAL_TZ), tick=False)
    office_body.valid_to = datetime.date(2025, 6, 30)
    office_body.save()
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)

    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_summary(summary, by=office)

    issue.refresh_from_db()
    assert issue.status == "done"
    assert not GeneratedDocument.objects.of("summary_report", issue).exists()


def test_the_printed_report_cannot_be_dated_before_its_figures_were_frozen(
    issue, office, office_body, django_capture_on_commit_callbacks
):
    """Issue 9: an issued paper's date never precedes the facts it cites."""
    with django_capture_on_commit_callbacks(execute=True):
        draft = request_document("summary_report", issue, by=office)
    draft.refresh_from_db()
    frozen = timezone.localdate(issue.issued_at)
    before = frozen - datetime.timedelta(days=1)

    with pytest.raises(DocumentError) as refused:
        issue_document(draft, by=office, today=before)

    assert str(refused.value) == (
        f"Văn bản ngày {before:%d/%m/%Y} không thể dẫn số liệu chốt ngày {frozen:%d/%m/%Y}: "
        f"ngày ban hành phải từ ngày {frozen:%d/%m/%Y} trở đi."
    )
