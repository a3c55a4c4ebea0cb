"""Demo data of the reports: periods, units' periodic reports in varied states, the
office's summaries (2024 annual issued, 2025 six-month and the review drafted).

Idempotent like demo.loader: what exists is left alone. People are invented.
"""

import datetime

from django.contrib.auth.hashers import make_password

from registrations.demo import moment as _moment
from registrations.demo import unit_head as _unit_head
from units.models import Unit, User

from . import services
from .models import PeriodicReport, PeriodKind, SummaryKind

RESULTS = (
    "Tổ chức tuyên truyền về chuyển đổi số tới cán bộ và nhân dân; duy trì xử lý hồ sơ công việc "
    "trên môi trường mạng, gửi nhận văn bản điện tử có ký số; hướng dẫn người dân sử dụng dịch vụ "
    "công trực tuyến và thanh toán không dùng tiền mặt."
)
DIFFICULTIES = (
    "Hạ tầng mạng ở một số thôn vùng cao chưa ổn định; một bộ phận người dân chưa có điện thoại "
    "thông minh; cán bộ phụ trách công nghệ thông tin còn kiêm nhiệm."
)
PROPOSALS = "Đề nghị tiếp tục mở lớp tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng."

# Units' stories by position in the unit list: index % 7 picks one.
STORIES = ("acknowledged", "late", "acknowledged", "none", "returned", "acknowledged", "submitted")

NARRATIVE = {
    "direction_text": (
        "Phòng Văn hóa và Thông tin tham mưu Ủy ban nhân dân huyện ban hành văn bản chỉ đạo, đôn đốc "
        "các cơ quan, đơn vị, xã, thị trấn và doanh nghiệp đăng ký thi đua, xây dựng kế hoạch và "
        "báo cáo kết quả thực hiện phong trào thi đua về chuyển đổi số."
    ),
    "results_text": (
        "Các đơn vị tích cực hưởng ứng phong trào; tỷ lệ hồ sơ công việc xử lý trên môi trường mạng, "
        "văn bản điện tử có ký số tiếp tục tăng; nhiều mô hình Tổ công nghệ số cộng đồng hoạt động hiệu quả."
    ),
    "limitations_text": (
        "Một số đơn vị đăng ký, báo cáo chưa đúng hạn; chỉ tiêu đăng ký của một số đơn vị chưa có "
        "sản phẩm cụ thể đo được."
    ),
    "next_tasks_text": (
        "Tiếp tục đôn đốc các đơn vị thực hiện chỉ tiêu đã đăng ký; tổ chức kiểm tra, đánh giá, "
        "lựa chọn tập thể, cá nhân tiêu biểu đề nghị khen thưởng."
    ),
    "proposals_text": "Đề nghị Ủy ban nhân dân huyện quan tâm bố trí kinh phí khen thưởng phong trào.",
}


def load(campaign):
    """Periods, periodic reports and summaries of the demo campaign."""
    services.ensure_periods(campaign)
    office = User.objects.get(username="vhtt")
    password = make_password(None)
    last_year = campaign.end_year
    for period in campaign.reporting_periods.order_by("year", "-kind"):
        units = Unit.objects.active_on(period.ends_on).order_by("code")
        for index, unit in enumerate(units):
            if PeriodicReport.objects.filter(period=period, unit=unit).exists():
                continue
            story = _story(unit, index, period, last_year)
            if story != "none":
                _report_story(period, unit, story, _unit_head(unit, password), office, index)
    _summaries(campaign, office)


def _story(unit, index, period, last_year):
    if unit.code == "xa-lung-vai":
        # The demo head of Lùng Vai finds this year's 6-month report ready to send.
        return "draft" if period.year == last_year else "acknowledged"
    if period.year == last_year and period.kind == PeriodKind.ANNUAL:
        return ("none", "draft", "submitted")[index % 3]
    return STORIES[(index + period.year) % len(STORIES)]


def _report_story(period, unit, story, head, office, index):
    started = _moment(period.ends_on - datetime.timedelta(days=10))
    report = services.start_periodic_report(period, by=head, now=started)
    scale = 2 if period.kind == PeriodKind.ANNUAL else 1
    services.update_periodic_report(
        report,
        by=head,
        figures={
            "communication_activities": (3 + index % 6) * scale,
            "training_sessions": (1 + index % 3) * scale,
            "people_trained": (25 + 7 * (index % 9)) * scale,
            "platforms_deployed": 1 + index % 4,
            "online_services": index % 5,
            "models_initiatives": index % 3,
        },
        narrative={
            "results_text": RESULTS,
            "difficulties_text": DIFFICULTIES if index % 2 else "",
            "proposals_text": PROPOSALS if index % 3 == 0 else "",
        },
        targets={
            line.pk: {
                "achieved": "Đạt kế hoạch" if (index + order) % 3 else "Đạt một phần",
                "progress": "met" if (index + order) % 3 else "in_progress",
            }
            for order, line in enumerate(report.targets.all())
        },
    )
    if story == "draft":
        return
    late = story == "late"
    submitted = _moment(period.due_on + datetime.timedelta(days=6 if late else -4))
    services.submit_periodic_report(report, by=head, now=submitted)
    if story == "submitted":
        return
    reviewed = submitted + datetime.timedelta(days=3)
    if story == "returned":
        services.return_periodic_report(
            report,
            by=office,
            reason="Đề nghị bổ sung số liệu người dân được hướng dẫn sử dụng dịch vụ công trực tuyến.",
            now=reviewed,
        )
        return
    services.acknowledge_periodic_report(report, by=office, now=reviewed)


def _summaries(campaign, office):
    previous = campaign.end_year - 1
    annual = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=previous, by=office)
    if not annual.issues.exists():
        services.update_summary_narrative(annual, by=office, narrative=NARRATIVE)
        issue = services.issue_summary(annual, by=office)
        services.compute_issue(issue.pk)  # now, not after the demo's transaction commits
    six_month = services.create_summary(
        campaign, kind=SummaryKind.SIX_MONTH, year=campaign.end_year, by=office
    )
    if not six_month.direction_text:
        services.update_summary_narrative(six_month, by=office, narrative=NARRATIVE)
    review = services.create_summary(campaign, kind=SummaryKind.REVIEW, year=None, by=office)
    if not review.direction_text:
        services.update_summary_narrative(review, by=office, narrative=NARRATIVE)
