import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.datacache import data_changed
from reports import services
from reports.models import (
    PeriodicReport,
    PeriodKind,
    ReportingPeriod,
    SummaryIssue,
    SummaryKind,
    SummaryReport,
)

from ..factories import UnitFactory
from .conftest import at
from .factories import PeriodFactory, PeriodicReportFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def report(annual, unit, staff):
    return PeriodicReportFactory(period=annual, unit=unit, created_by=staff)


@pytest.fixture
def submitted(report, head):
    return services.submit_periodic_report(report, by=head, now=at(D(2024, 12, 10)))


@pytest.fixture
def summary(campaign, annual, office):
    return services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)


@pytest.fixture
def issue(summary, office):
    issue = services.issue_summary(summary, by=office)
    return services.compute_issue(issue.pk)


def url_for(name, objects):
    args = {
        "reports:periodic_start": lambda o: [o["annual"].pk],
        "reports:period_detail": lambda o: [o["annual"].pk],
        "reports:period_edit": lambda o: [o["annual"].pk],
        "reports:summary_detail": lambda o: [o["summary"].pk],
        "reports:summary_edit": lambda o: [o["summary"].pk],
        "reports:summary_issue": lambda o: [o["summary"].pk],
        "reports:issue_detail": lambda o: [o["summary"].pk, 1],
        "reports:issue_xlsx": lambda o: [o["summary"].pk, 1],
        "reports:issue_retry": lambda o: [o["summary"].pk, 1],
        "reports:periodic_version": lambda o: [o["report"].pk, 1],
    }.get(
        name,
        lambda o: (
            [o["report"].pk]
            if name.startswith("reports:periodic_") and name != "reports:periodic_mine"
            else []
        ),
    )
    return reverse(name, args=args(objects))


ALL = [
    ("reports:periodic_mine", "get"),
    ("reports:periodic_start", "post"),
    ("reports:periodic_detail", "get"),
    ("reports:periodic_edit", "get"),
    ("reports:periodic_submit", "post"),
    ("reports:periodic_acknowledge", "post"),
    ("reports:periodic_return", "post"),
    ("reports:periodic_version", "get"),
    ("reports:period_list", "get"),
    ("reports:period_create_defaults", "post"),
    ("reports:period_detail", "get"),
    ("reports:period_edit", "get"),
    ("reports:summary_list", "get"),
    ("reports:summary_create", "post"),
    ("reports:summary_detail", "get"),
    ("reports:summary_edit", "get"),
    ("reports:summary_issue", "post"),
    ("reports:issue_detail", "get"),
    ("reports:issue_xlsx", "get"),
    ("reports:issue_retry", "post"),
]


@pytest.mark.parametrize("name,method", ALL)
def test_anonymous_is_sent_to_login(client, annual, report, summary, name, method):
    response = getattr(client, method)(
        url_for(name, {"annual": annual, "report": report, "summary": summary})
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name,method",
    [
        ("reports:periodic_detail", "get"),
        ("reports:periodic_edit", "get"),
        ("reports:periodic_edit", "post"),
        ("reports:periodic_submit", "post"),
        ("reports:periodic_version", "get"),
    ],
)
def test_another_units_report_is_404(client, submitted, other_head, name, method):
    client.force_login(other_head)

    response = getattr(client, method)(url_for(name, {"report": submitted}))

    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize(
    "name,method,role",
    [
        ("reports:periodic_mine", "get", "office"),
        ("reports:periodic_start", "post", "office"),
        ("reports:periodic_edit", "get", "office"),
        ("reports:periodic_submit", "post", "staff"),
        ("reports:periodic_acknowledge", "post", "head"),
        ("reports:periodic_return", "post", "council"),
        ("reports:period_list", "get", "staff"),
        ("reports:period_create_defaults", "post", "council"),
        ("reports:period_detail", "get", "head"),
        ("reports:period_edit", "get", "council"),
        ("reports:summary_list", "get", "staff"),
        ("reports:summary_create", "post", "council"),
        ("reports:summary_detail", "get", "head"),
        ("reports:summary_edit", "get", "council"),
        ("reports:summary_issue", "post", "council"),
        ("reports:issue_detail", "get", "staff"),
        ("reports:issue_xlsx", "get", "head"),
        ("reports:issue_retry", "post", "council"),
    ],
)
def test_wrong_role_is_403(client, request, annual, report, summary, name, method, role):
    client.force_login(request.getfixturevalue(role))

    response = getattr(client, method)(
        url_for(name, {"annual": annual, "report": report, "summary": summary})
    )

    assert response.status_code == 403
    assert PeriodicReport.objects.get().status == "draft"
    assert SummaryIssue.objects.count() == 0


# --- the unit's side -------------------------------------------------------------------


def test_unit_starts_fills_and_the_head_submits_a_report(client, annual, staff, head, office):
    client.force_login(staff)
    response = client.post(reverse("reports:periodic_start", args=[annual.pk]))
    report = PeriodicReport.objects.get()
    assert response.url == reverse("reports:periodic_edit", args=[report.pk])

    data = {
        "communication_activities": "7",
        "training_sessions": "2",
        "people_trained": "55",
        "platforms_deployed": "1",
        "online_services": "0",
        "models_initiatives": "1",
        "results_text": "Tuyên truyền tới 12 thôn.",
        "difficulties_text": "",
        "proposals_text": "",
    }
    response = client.post(reverse("reports:periodic_edit", args=[report.pk]), data)
    assert response.status_code == 302
    client.force_login(head)
    response = client.post(reverse("reports:periodic_submit", args=[report.pk]))

    report.refresh_from_db()
    assert (report.status, report.people_trained, report.results_text) == (
        "submitted",
        55,
        "Tuyên truyền tới 12 thôn.",
    )
    page = client.get(reverse("reports:periodic_detail", args=[report.pk])).content.decode()
    assert "Tuyên truyền tới 12 thôn." in page and "Bản gửi lần 1" in page


def test_edit_with_a_negative_figure_is_refused_with_400(client, report, staff):
    client.force_login(staff)

    response = client.post(
        reverse("reports:periodic_edit", args=[report.pk]),
        {
            "communication_activities": "-1",
            "training_sessions": "0",
            "people_trained": "0",
            "platforms_deployed": "0",
            "online_services": "0",
            "models_initiatives": "0",
            "results_text": "x",
        },
    )

    assert response.status_code == 400
    report.refresh_from_db()
    assert report.communication_activities == 0


def test_submitting_without_results_shows_the_reason_and_changes_nothing(
    client, annual, unit, staff, head
):
    report = PeriodicReportFactory(period=annual, unit=unit, created_by=staff, results_text="")
    client.force_login(head)

    response = client.post(reverse("reports:periodic_submit", args=[report.pk]))

    assert response.status_code == 400
    assert "Cần viết phần kết quả nổi bật trước khi gửi." in response.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_office_acknowledges_and_returns_reports(
    client, submitted, office, annual, other_unit, other_head
):
    client.force_login(office)

    client.post(reverse("reports:periodic_acknowledge", args=[submitted.pk]), {"comment": "Đầy đủ"})
    other = services.submit_periodic_report(
        PeriodicReportFactory(period=annual, unit=other_unit, created_by=other_head), by=other_head
    )
    refused = client.post(reverse("reports:periodic_return", args=[other.pk]), {"reason": ""})
    client.post(reverse("reports:periodic_return", args=[other.pk]), {"reason": "Thiếu số liệu."})

    submitted.refresh_from_db()
    other.refresh_from_db()
    assert refused.status_code == 400
    assert submitted.status == "acknowledged"
    assert (other.status, other.return_reason) == ("returned", "Thiếu số liệu.")


def test_version_page_shows_what_was_sent(client, submitted, staff):
    client.force_login(staff)

    page = client.get(reverse("reports:periodic_version", args=[submitted.pk, 1])).content.decode()

    assert "Tổ chức 5 buổi tuyên truyền về chuyển đổi số." in page


def periods(campaign, count):
    for year in (2022, 2023, 2024)[:count]:
        PeriodFactory(campaign=campaign, year=year)


def test_unit_list_query_count_is_the_same_for_1_and_3_periods(
    client, campaign, staff, django_assert_num_queries
):
    client.force_login(staff)
    periods(campaign, 1)
    with django_assert_num_queries(4):
        client.get(reverse("reports:periodic_mine"))
    periods(campaign, 3)
    with django_assert_num_queries(4):
        response = client.get(reverse("reports:periodic_mine"))
    assert response.content.decode().count("Lập báo cáo") == 3


# --- the office's side -----------------------------------------------------------------


def test_period_list_query_count_is_the_same_for_1_and_3_periods(
    client, campaign, office, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(office)
    periods(campaign, 1)
    with django_assert_num_queries(4):
        client.get(reverse("reports:period_list"))
    with django_capture_on_commit_callbacks(execute=True):
        periods(campaign, 3)
        data_changed()  # the factory skips the services, which make the cached list stale
    with django_assert_num_queries(4):
        response = client.get(reverse("reports:period_list"))
    assert response.content.decode().count("Sửa hạn") == 3


def test_period_detail_query_count_is_the_same_for_1_and_3_units(
    client, annual, office, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(office)
    url = reverse("reports:period_detail", args=[annual.pk])
    for _ in range(1):
        PeriodicReportFactory(
            period=annual,
            unit=UnitFactory(),
            status="submitted",
            first_submitted_at=at(D(2024, 12, 1)),
            is_late=False,
        )
    with django_assert_num_queries(5):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            PeriodicReportFactory(
                period=annual,
                unit=UnitFactory(),
                status="submitted",
                first_submitted_at=at(D(2024, 12, 1)),
                is_late=False,
            )
        # The factories skip the services: make the cached counts stale as a submission's
        # transition does (core.datacache).
        data_changed()
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count('">Mở</a>') == 3
    assert "Đúng hạn: 3" in response.content.decode()


def test_office_edits_a_due_date_and_creates_missing_periods(client, campaign, annual, office):
    client.force_login(office)

    client.post(
        reverse("reports:period_edit", args=[annual.pk]),
        {"starts_on": "15/12/2023", "ends_on": "14/12/2024", "due_on": "28/12/2024"},
    )
    client.post(reverse("reports:period_create_defaults"))

    annual.refresh_from_db()
    assert annual.due_on == D(2024, 12, 28)
    assert ReportingPeriod.objects.filter(campaign=campaign).count() == 8


def test_period_edit_refuses_an_end_before_the_start(client, annual, office):
    client.force_login(office)

    response = client.post(
        reverse("reports:period_edit", args=[annual.pk]),
        {"starts_on": "15/12/2024", "ends_on": "14/12/2023", "due_on": "28/12/2024"},
    )

    assert response.status_code == 400
    annual.refresh_from_db()
    assert annual.ends_on == D(2024, 12, 14)


def test_summary_list_query_count_is_the_same_for_1_and_3_summaries(
    client, campaign, office, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(office)
    PeriodFactory(campaign=campaign, year=2024)
    services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    with django_assert_num_queries(5):
        client.get(reverse("reports:summary_list"))
    with django_capture_on_commit_callbacks(execute=True):  # the summaries' transitions
        for year in (2022, 2023):
            PeriodFactory(campaign=campaign, year=year)
            services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=year, by=office)
    with django_assert_num_queries(5):
        response = client.get(reverse("reports:summary_list"))
    # Then kept until the data changes: the summaries and periods are not read again.
    with django_assert_num_queries(3):
        client.get(reverse("reports:summary_list"))
    assert response.content.decode().count("Báo cáo kết quả năm") == 3


def test_council_sees_summaries_without_the_office_buttons(client, campaign, annual, council):
    client.force_login(council)

    page = client.get(reverse("reports:summary_list")).content.decode()

    assert "Báo cáo kết quả năm 2024" in page
    assert "Lập báo cáo" not in page


def test_office_opens_writes_and_issues_a_report_in_a_few_clicks(
    client, campaign, window, annual, known, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    response = client.post(reverse("reports:summary_create"), {"kind": "annual", "year": "2024"})
    summary = SummaryReport.objects.get()
    assert response.url == reverse("reports:summary_detail", args=[summary.pk])

    page = client.get(response.url).content.decode()
    assert "Kết quả thực hiện phong trào thi đua về chuyển đổi số năm 2024" in page
    assert "<svg" in page and "44,4%" in page and "UBND xã Phú" in page

    narrative = {name: f"Nội dung {index}" for index, name in enumerate(SummaryReport.NARRATIVE)}
    client.post(reverse("reports:summary_edit", args=[summary.pk]), narrative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:summary_issue", args=[summary.pk]))
    assert response.url == reverse("reports:issue_detail", args=[summary.pk, 1])

    page = client.get(response.url).content.decode()
    assert "Phát hành lần 1" in page and "Nội dung 4" in page and "44,4%" in page
    assert "Tải XLSX" in page


def test_an_issue_still_computing_shows_a_progress_bar_that_polls(client, summary, office):
    services.issue_summary(summary, by=office)  # the task runs after the commit: still queued
    client.force_login(office)

    response = client.get(
        reverse("reports:issue_detail", args=[summary.pk, 1]), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert 'hx-trigger="every 1s"' in page and "Đang chờ tính" in page
    assert "<html" not in page
    assert client.get(reverse("reports:issue_xlsx", args=[summary.pk, 1])).status_code == 404


def test_review_report_page_shows_the_years_side_by_side(
    client, campaign, window, annual, known, office
):
    client.force_login(office)
    client.post(reverse("reports:summary_create"), {"kind": "review"})
    summary = SummaryReport.objects.get(kind=SummaryKind.REVIEW)

    page = client.get(reverse("reports:summary_detail", args=[summary.pk])).content.decode()

    assert "Tổng kết phong trào thi đua về chuyển đổi số giai đoạn 2022 - 2025" in page
    assert "Tỷ lệ đơn vị đăng ký thi đua theo khối qua các năm" in page


def test_issue_xlsx_has_one_sheet_per_table_and_the_narrative(
    client, campaign, window, annual, known, issue, council
):
    client.force_login(council)

    response = client.get(reverse("reports:issue_xlsx", args=[issue.summary.pk, 1]))

    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-nam-2024-lan-1.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Đơn vị theo khối",
        "Đăng ký thi đua",
        "Chưa đăng ký",
        "Báo cáo định kỳ",
        "Chưa gửi báo cáo",
        "Kết quả từ báo cáo",
        "Đơn vị điểm",
        "Thuyết minh",
    ]
    registration = workbook["Đăng ký thi đua"]
    assert [c.value for c in registration[4]][:5] == [
        "Khối",
        "Phải đăng ký",
        "Đúng hạn",
        "Muộn",
        "Chưa đăng ký",
    ]
    assert [c.value for c in registration[6]][:6] == ["UBND xã, thị trấn", 5, 2, 1, 2, 0.6]
    assert registration.cell(6, 6).number_format == "0.0%"
    assert [c.value for c in workbook["Chưa đăng ký"]["B"]][4:] == [
        "Phòng Nội vụ",
        "Phòng Văn hóa và Thông tin",
        "UBND xã Dương",
        "UBND xã Phú",
        "HTX Đào",
    ]


# --- open data -------------------------------------------------------------------------


def test_open_data_is_public_and_downloadable(client, campaign, window, annual, known):
    page = client.get(reverse("open_data:page"))
    csv_response = client.get(reverse("open_data:csv"))
    json_response = client.get(reverse("open_data:json"))

    assert page.status_code == 200 and "Dữ liệu mở" in page.content.decode()
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("nam,khoi,ten_khoi,so_don_vi,phai_dang_ky,dang_ky_dung_han")
    assert lines[2] == '2024,commune,"UBND xã, thị trấn",4,5,2,1,2,60.0,0,3,0,0'
    payload = json.loads(json_response.content)
    assert payload["rows"][1]["ty_le_dang_ky"] == 60.0
    assert "UBND xã An" not in json_response.content.decode()


def test_open_data_with_no_campaign_is_empty(client):
    response = client.get(reverse("open_data:json"))

    assert json.loads(response.content)["rows"] == []


def test_navbar_links_follow_the_role(client, office, staff):
    assert "Dữ liệu mở" in client.get(reverse("login")).content.decode()
    client.force_login(staff)
    assert reverse("reports:periodic_mine") in client.get(reverse("home")).content.decode()
    client.force_login(office)
    page = client.get(reverse("home")).content.decode()
    assert reverse("reports:summary_list") in page and reverse("reports:periodic_mine") not in page


def test_six_month_summary_needs_its_period(client, campaign, annual, office):
    client.force_login(office)

    response = client.post(
        reverse("reports:summary_create"), {"kind": PeriodKind.SIX_MONTH, "year": "2024"}
    )

    assert response.url == reverse("reports:summary_list")
    assert SummaryReport.objects.count() == 0


def test_issued_awards_show_the_bonus_in_dong_on_the_page_and_in_the_xlsx(
    client, campaign, annual, awarded_2024, office
):
    summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    services.compute_issue(services.issue_summary(summary, by=office).pk)
    client.force_login(office)

    page = client.get(reverse("reports:issue_detail", args=[summary.pk, 1])).content.decode()
    response = client.get(reverse("reports:issue_xlsx", args=[summary.pk, 1]))

    assert "1.410.000 đồng" in page and "2.120.000 đồng" in page
    sheet = load_workbook(io.BytesIO(response.content))["Khen thưởng"]
    assert [c.value for c in sheet[5]] == [
        "Giấy khen của Chủ tịch UBND huyện",
        "UBND xã, thị trấn",
        "Tập thể",
        1,
        1,
        0,
        1,
        1_410_000,
    ]
    assert sheet.cell(5, 8).number_format == '#,##0 "đồng"'


def test_the_summary_pages_issues_show_their_status_at_once(
    client, summary, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    path = reverse("reports:summary_detail", args=[summary.pk])

    def history():
        page = client.get(path).content.decode()
        return page.split("Các bản đã phát hành")[-1].split("</ul>")[0]

    with django_capture_on_commit_callbacks():  # the task is not run: the issue waits
        queued = services.issue_summary(summary, by=office)
    waiting = history()
    again = history()
    with django_capture_on_commit_callbacks(execute=True):
        services.compute_issue(queued.pk)
    done = history()

    assert again == waiting and "Phát hành lần 1" in waiting
    assert "Đang chờ tính" in waiting and "Đã phát hành" not in waiting
    assert "Đã phát hành" in done and "Đang chờ tính" not in done


def test_the_summaries_list_shows_a_new_summary_and_its_issues_at_once(
    client, campaign, annual, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    path = reverse("reports:summary_list")

    def listed():
        table = client.get(path).content.decode().split("<table")[1].split("</table>")[0]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", table)

    before = listed()
    again = listed()
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    opened = listed()
    with django_capture_on_commit_callbacks(execute=True):
        issue = services.issue_summary(summary, by=office)
    with django_capture_on_commit_callbacks(execute=True):
        services.compute_issue(issue.pk)
    issued = listed()

    detail = reverse("reports:summary_detail", args=[summary.pk])
    assert again == before and detail not in before
    assert detail in opened and '<td class="text-end">0</td>' in opened
    assert '<td class="text-end">1</td>' in issued
