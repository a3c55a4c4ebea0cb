"""Issue 2's scenario in a real browser: register, return, fix, resubmit, accept."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registrations.models import Registration
from tests.conftest import PDF_BYTES
from tests.factories import (
    AwardFormFactory,
    CampaignFactory,
    UnitFactory,
    UserFactory,
    WindowFactory,
)

from .conftest import log_in, with_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lung_vai(live_server):
    """This year's open window, Lùng Vai's head and the culture office."""
    today = timezone.localdate()
    campaign = CampaignFactory(
        start_year=today.year - 1, end_year=today.year + 1, locality_name="Mường Khương"
    )
    window = WindowFactory(
        campaign=campaign,
        year=today.year,
        opens_on=today - datetime.timedelta(days=10),
        deadline_on=today + datetime.timedelta(days=30),
    )
    AwardFormFactory(name="Giấy khen của Chủ tịch UBND huyện")
    unit = UnitFactory(name="UBND xã Lùng Vai", short_name="Lùng Vai", code="xa-lung-vai")
    with_password(
        UserFactory(unit=unit, head=True, username="lungvai.truong", full_name="Vàng Văn Sính")
    )
    with_password(UserFactory(office=True, username="vhtt", full_name="Nguyễn Thu Hà"))
    return window


def _status_badge(page):
    return page.locator(".text-end .badge").first


def test_unit_head_registers_office_returns_head_resubmits_office_accepts(
    lung_vai, new_page, shoot
):
    year = lung_vai.year
    head = new_page()
    office = new_page()

    # The head logs in through the real form and starts this year's registration.
    log_in(head, "lungvai.truong")
    expect(head.get_by_role("heading", level=1)).to_have_text("Xin chào, Vàng Văn Sính")
    expect(head.get_by_text("Đơn vị chưa lập đăng ký thi đua cho năm này.")).to_be_visible()
    expect(head.locator("#time-left")).to_contain_text("còn 29 ngày")
    shoot(head, "01-home")
    head.get_by_role("button", name="Lập đăng ký thi đua").click()
    expect(head.get_by_role("heading", level=1)).to_have_text(f"Soạn đăng ký thi đua năm {year}")

    # Two targets (the second row cloned by "Thêm chỉ tiêu"), a plan file, an award form.
    head.get_by_label("Nội dung đăng ký, chương trình hành động").fill(
        "Xã Lùng Vai đăng ký thi đua đẩy mạnh chuyển đổi số trong cải cách hành chính."
    )
    head.get_by_label("Tệp kế hoạch, chương trình hành động").set_input_files(
        files=[
            {"name": "ke-hoach-lung-vai.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        ]
    )
    head.get_by_label("Giấy khen của Chủ tịch UBND huyện").check()
    _fill_target(
        head,
        0,
        "Hồ sơ công việc xử lý trên môi trường mạng",
        "≥ 85%",
        "Báo cáo thống kê từ hệ thống",
    )
    head.locator("#id_targets-0-due_on").fill(f"15/12/{year}")
    expect(head.locator("#id_targets-1-title")).to_have_count(0)
    head.get_by_role("button", name="Thêm chỉ tiêu").click()
    _fill_target(
        head, 1, "Tuyên truyền chuyển đổi số tới các thôn", "12 buổi", "Biên bản tuyên truyền"
    )
    shoot(head, "02-edit")
    head.get_by_role("button", name="Lưu bản nháp").click()

    expect(head.get_by_text("Đã lưu bản đăng ký.")).to_be_visible()
    expect(_status_badge(head)).to_have_text("Đang soạn")
    targets = head.locator("table").first.locator("tbody tr")
    expect(targets).to_have_count(2)
    expect(targets.nth(0)).to_contain_text("Hồ sơ công việc xử lý trên môi trường mạng")
    expect(targets.nth(0)).to_contain_text(f"15/12/{year}")
    expect(targets.nth(1)).to_contain_text("Biên bản tuyên truyền")
    expect(head.get_by_role("link", name="ke-hoach-lung-vai.pdf")).to_be_visible()
    expect(head.get_by_text("Giấy khen của Chủ tịch UBND huyện")).to_be_visible()

    # Submitting asks for confirmation first.
    dialogs = _accept_dialogs(head)
    head.get_by_role("button", name="Gửi đăng ký", exact=True).click()
    expect(
        head.get_by_text("Đã gửi đăng ký thi đua tới Phòng Văn hóa và Thông tin.")
    ).to_be_visible()
    assert dialogs == [
        "Gửi đăng ký tới cơ quan thường trực phong trào? Sau khi gửi, bản này được lưu cố định."
    ]
    expect(_status_badge(head)).to_have_text("Đã gửi đúng hạn")
    expect(head.get_by_role("link", name="Bản gửi lần 1")).to_be_visible()
    expect(head.get_by_role("link", name="Sửa bản đăng ký")).to_have_count(0)
    shoot(head, "03-submitted")

    # The culture office finds it in the year's list and returns it with a reason.
    log_in(office, "vhtt")
    office.get_by_role("link", name="Tình hình đăng ký").first.click()
    row = office.locator("tbody tr", has_text="UBND xã Lùng Vai")
    expect(row).to_contain_text("Đã gửi đúng hạn")
    shoot(office, "04-office-list")
    row.get_by_role("link", name="Mở").click()
    office.get_by_label("Lý do trả lại").fill("Chỉ tiêu 2 cần ghi rõ số thôn được tuyên truyền.")
    office.get_by_role("button", name="Trả lại").click()
    expect(office.get_by_text("Đã trả lại đăng ký của UBND xã Lùng Vai.")).to_be_visible()
    expect(_status_badge(office)).to_have_text("Bị trả lại")
    shoot(office, "05-returned")

    # The head sees the reason, fixes the second target and resubmits.
    head.goto("/")
    expect(
        head.get_by_text("Lý do trả lại: Chỉ tiêu 2 cần ghi rõ số thôn được tuyên truyền.")
    ).to_be_visible()
    head.get_by_role("link", name="Mở bản đăng ký").click()
    expect(head.locator(".alert-warning")).to_contain_text(
        "Chỉ tiêu 2 cần ghi rõ số thôn được tuyên truyền."
    )
    head.get_by_role("link", name="Sửa bản đăng ký").click()
    expect(head.locator("#id_targets-1-title")).to_have_value(
        "Tuyên truyền chuyển đổi số tới các thôn"
    )
    head.locator("#id_targets-1-target_value").fill("12 buổi tại 11 thôn")
    head.get_by_role("button", name="Lưu bản nháp").click()
    expect(head.get_by_text("Đã lưu bản đăng ký.")).to_be_visible()
    dialogs = _accept_dialogs(head)
    head.get_by_role("button", name="Gửi lại đăng ký").click()
    expect(
        head.get_by_text("Đã gửi đăng ký thi đua tới Phòng Văn hóa và Thông tin.")
    ).to_be_visible()
    assert len(dialogs) == 1
    expect(_status_badge(head)).to_have_text("Đã gửi đúng hạn")
    expect(head.get_by_role("link", name="Bản gửi lần 2")).to_be_visible()
    expect(head.locator("table").first).to_contain_text("12 buổi tại 11 thôn")
    shoot(head, "06-resubmitted")

    # The office accepts; the head's home page shows it.
    office.reload()
    office.get_by_role("button", name="Tiếp nhận").click()
    expect(office.get_by_text("Đã tiếp nhận đăng ký của UBND xã Lùng Vai.")).to_be_visible()
    expect(_status_badge(office)).to_have_text("Đã tiếp nhận")
    expect(office.get_by_role("button", name="Tiếp nhận")).to_have_count(0)
    shoot(office, "07-accepted")
    head.goto("/")
    expect(head.locator(".card .badge").first).to_have_text("Đã tiếp nhận")
    shoot(head, "08-home-accepted")

    registration = Registration.objects.get(unit__code="xa-lung-vai", window=lung_vai)
    assert registration.status == Registration.Status.ACCEPTED
    assert registration.is_late is False
    assert list(registration.targets.values_list("target_value", flat=True)) == [
        "≥ 85%",
        "12 buổi tại 11 thôn",
    ]


def _fill_target(page, index, title, target_value, product):
    page.locator(f"#id_targets-{index}-title").fill(title)
    page.locator(f"#id_targets-{index}-measure").fill("theo báo cáo")
    page.locator(f"#id_targets-{index}-target_value").fill(target_value)
    page.locator(f"#id_targets-{index}-product").fill(product)


def _accept_dialogs(page):
    """Accept every confirm() the page raises; return their messages."""
    messages = []

    def accept(dialog):
        messages.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    return messages
