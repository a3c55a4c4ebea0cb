"""A unit's periodic report is a paper too (issue 13): BÁO CÁO of the unit on the documents
pipeline, Decree 30 layout, the unit's letterhead, "Kính gửi" the receiving body."""

import io

import pytest
from django.urls import reverse
from docx import Document

from documents.models import GeneratedDocument
from documents.services import issue_document, request_document
from reports.models import PeriodicReport

from ..documents import pdf
from .conftest import reported
from .factories import ReportTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        result.refresh_from_db()
        return result

    return run


@pytest.fixture
def report(six_month, unit):
    report = reported(
        six_month,
        unit,
        PeriodicReport.Status.SUBMITTED,
        communication_activities=5,
        training_sessions=2,
        people_trained=80,
        difficulties_text="Sóng di động yếu ở 3 thôn.",
        proposals_text="Đề nghị hỗ trợ 2 điểm phát sóng.",
    )
    ReportTargetFactory(report=report, achieved="91%", progress="met")
    return report


def read(document, field="pdf"):
    assert document.status == GeneratedDocument.Status.DONE, document.error
    with getattr(document, field).open("rb") as handle:
        return handle.read()


def test_the_units_periodic_report_prints_as_its_baocao(report, staff, run_on_commit):
    document = run_on_commit(request_document, "periodic_report", report, by=staff)

    data = read(document)
    text = pdf.squash(pdf.text(data))
    at = 0
    for phrase in (
        "ỦY BAN NHÂN DÂN",
        "XÃ LÙNG VAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "Kết quả thực hiện",
        ", 6 tháng đầu năm 2024",
        "Kính gửi: Phòng Văn hóa và Thông tin",
        "UBND xã Lùng Vai báo cáo kết quả 6 tháng đầu năm 2024 như sau:",
        "I. KẾT QUẢ THỰC HIỆN",
        "Số liệu từ ngày 15/12/2023 đến ngày 14/06/2024.",
        "1. Số liệu chủ yếu",
        "Lượt người được tập huấn",
        "80",
        "2. Kết quả thực hiện các chỉ tiêu đăng ký thi đua",
        "Hồ sơ công việc xử lý trên môi trường mạng",
        "91%",
        "Đạt",
        "3. Kết quả nổi bật",
        "Tổ chức 5 buổi tuyên truyền về chuyển đổi số.",
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        "Sóng di động yếu ở 3 thôn.",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "Đề nghị hỗ trợ 2 điểm phát sóng.",
        "Trên đây là báo cáo kết quả 6 tháng đầu năm 2024 của UBND xã Lùng Vai./.",
        "Nơi nhận:",
    ):
        found = text.find(pdf.squash(phrase), at)
        assert found >= 0, f"{phrase!r} missing or out of order"
        at = found + 1
    assert pdf.outside(data) == []
    # The signature never stands alone: the closing paragraph goes with it.
    last = pdf.reader(data).pages[-1]
    assert pdf.page_says(last, "Trên đây là báo cáo kết quả")
    # The DOCX twin says the same.
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(read(document, "docx"))).paragraphs)
    assert "II. KHÓ KHĂN, VƯỚNG MẮC" in docx_text


def test_the_head_issues_it_with_the_units_number(report, staff, head, run_on_commit):
    draft = run_on_commit(request_document, "periodic_report", report, by=staff)

    issued = run_on_commit(issue_document, draft, by=head)

    assert issued.reference.endswith("/BC-UBND")
    assert pdf.says(read(issued), f"Số: {issued.reference}")


def test_the_report_page_offers_the_paper_and_other_units_cannot_open_it(
    client, report, staff, other_staff
):
    client.force_login(staff)
    page = client.get(reverse("reports:periodic_detail", args=[report.pk])).content.decode()
    source = reverse("documents:source", args=["periodic_report", report.pk])
    assert source in page
    assert client.get(source).status_code == 200

    client.force_login(other_staff)
    assert client.get(source).status_code == 404
