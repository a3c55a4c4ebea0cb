"""Issue 6's scenario in a real browser: a unit sends its annual report, the office
acknowledges it, writes the annual summary, issues it and downloads the XLSX."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from reports.models import PeriodKind, ReportingPeriod
from tests.factories import CampaignFactory, UnitFactory, UserFactory, WindowFactory

from .conftest import log_in, with_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def year_2024(live_server):
    campaign = CampaignFactory(locality_name="Mường Khương")
    WindowFactory(campaign=campaign, year=2024)
    ReportingPeriod.objects.create(
        campaign=campaign,
        year=2024,
        kind=PeriodKind.ANNUAL,
        starts_on="2023-12-15",
        ends_on="2099-12-14",
        due_on="2099-12-20",
    )
    unit = UnitFactory(name="UBND xã Lùng Vai", short_name="Lùng Vai", code="xa-lung-vai")
    with_password(
        UserFactory(unit=unit, head=True, username="lungvai.truong", full_name="Vàng Văn Sính")
    )
    with_password(UserFactory(office=True, username="vhtt", full_name="Nguyễn Thu Hà"))


def test_unit_reports_and_the_office_issues_the_annual_summary(year_2024, new_page, shoot):
    head = new_page()
    head.on("dialog", lambda dialog: dialog.accept())
    log_in(head, "lungvai.truong")
    head.get_by_role("link", name="Báo cáo định kỳ").click()
    head.get_by_role("button", name="Lập báo cáo").click()
    head.get_by_label("Hoạt động tuyên truyền đã tổ chức").fill("12")
    head.get_by_label("Lượt người được tập huấn").fill("140")
    head.get_by_label("Kết quả nổi bật").fill(
        "Tuyên truyền chuyển đổi số tới 12 thôn; 140 lượt người được tập huấn."
    )
    head.get_by_role("button", name="Lưu bản nháp").click()
    head.get_by_role("button", name="Gửi báo cáo").click()
    expect(head.locator(".alert-success")).to_contain_text("Đã gửi báo cáo")
    shoot(head, "1-sent")

    office = new_page()
    office.on("dialog", lambda dialog: dialog.accept())
    log_in(office, "vhtt")
    office.get_by_role("link", name="Báo cáo", exact=True).click()
    office.get_by_role("link", name="Báo cáo định kỳ của đơn vị").click()
    office.get_by_role("link", name="Năm 2024").click()
    office.get_by_role("link", name="Mở").click()
    office.get_by_role("button", name="Ghi nhận").click()
    expect(office.locator(".alert-success")).to_contain_text(
        "Đã ghi nhận báo cáo của UBND xã Lùng Vai"
    )

    office.goto("/bao-cao/tong-hop/")
    office.get_by_role("button", name="Lập báo cáo", exact=True).click()
    expect(office.locator("svg.report-chart").first).to_be_visible()
    office.get_by_role("link", name="Viết thuyết minh").click()
    office.get_by_label("II. Kết quả nổi bật").fill("Các đơn vị tích cực hưởng ứng phong trào.")
    office.get_by_role("button", name="Lưu").click()
    office.get_by_role("button", name="Phát hành").click()
    expect(office.locator("h1")).to_have_text(
        "Kết quả thực hiện phong trào thi đua về chuyển đổi số năm 2024"
    )
    expect(office.get_by_text("Các đơn vị tích cực hưởng ứng phong trào.")).to_be_visible()
    expect(office.locator("#bang-report_figures")).to_contain_text("140")
    shoot(office, "2-issued")

    with office.expect_download() as download:
        office.get_by_role("link", name="Tải XLSX").click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert "Kết quả từ báo cáo" in workbook.sheetnames
    assert [c.value for c in workbook["Kết quả từ báo cáo"]["B"]][4] == 12
