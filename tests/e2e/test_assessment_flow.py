"""Issue 3's scenario in a real browser: Lùng Vai reports its results, the office scores."""

import pytest
from playwright.sync_api import expect

from criteria import services as criteria_services
from registrations.models import Registration
from tests.conftest import PDF_BYTES
from tests.criteria.helpers import SEED
from tests.factories import (
    CampaignFactory,
    RegistrationFactory,
    TargetFactory,
    UnitFactory,
    UserFactory,
    WindowFactory,
)
from units.models import Tier

from .conftest import log_in, with_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def accepted_2024(live_server, tmp_path):
    campaign = CampaignFactory(locality_name="Mường Khương")
    window = WindowFactory(campaign=campaign, year=2024)
    criteria_services.create_criterion_set(
        campaign, 2024, Tier.COMMUNE, rows=SEED["tiers"]["commune"]
    )
    unit = UnitFactory(name="UBND xã Lùng Vai", short_name="Lùng Vai", code="xa-lung-vai")
    head = with_password(
        UserFactory(unit=unit, head=True, username="lungvai.truong", full_name="Vàng Văn Sính")
    )
    with_password(UserFactory(office=True, username="vhtt", full_name="Nguyễn Thu Hà"))
    registration = RegistrationFactory(window=window, unit=unit, created_by=head)
    TargetFactory(registration=registration, title="Hồ sơ công việc xử lý trên môi trường mạng")
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.ACCEPTED)
    evidence = tmp_path / "minh-chung.pdf"
    evidence.write_bytes(PDF_BYTES)
    return evidence


def test_lung_vai_reports_office_corrects_and_scores_unit_sees_eligibility(
    accepted_2024, new_page, shoot
):
    head = new_page()
    head.on("dialog", lambda dialog: dialog.accept())

    # The head fills the commune criteria and sees the percentage as it types.
    log_in(head, "lungvai.truong")
    head.goto("/tieu-chi/cua-don-vi/")
    head.get_by_role("button", name="Báo cáo kết quả năm 2024").click()
    x1 = head.locator("#line-X1")
    x1.get_by_label("Tổng số hồ sơ công việc").fill("412")
    x1.get_by_label("Hồ sơ có nội dung mật (không tính)").fill("12")
    x1.get_by_label("Hồ sơ xử lý trên môi trường mạng").fill("350")
    expect(x1.locator("[id^=calc-]")).to_contain_text("87,5%")
    expect(x1.locator("[id^=calc-]")).to_contain_text("Đạt")
    x1.locator("input[type=file]").first.set_input_files(str(accepted_2024))
    for code, values in {"X2": ("120", "4", "116"), "X3": ("24", "", "24")}.items():
        line = head.locator(f"#line-{code}")
        numbers = line.locator("input[type=number]")
        total, excluded, done = values
        numbers.nth(0).fill(total)
        if excluded:
            numbers.nth(1).fill(excluded)
        numbers.last.fill(done)
    expect(head.locator("#self-score")).to_have_text("100")
    expect(head.locator("#self-score-head")).to_have_text("100")  # the header follows the footer
    shoot(head, "1-filled")
    head.get_by_role("button", name="Lưu kết quả").click()
    head.get_by_role("button", name="Gửi báo cáo").click()
    expect(head.locator(".alert-success")).to_be_visible()
    shoot(head, "2-submitted")

    # The office corrects one count with a reason and finishes scoring.
    office = new_page()
    log_in(office, "vhtt")
    office.goto("/tieu-chi/cham-diem/?year=2024")
    office.get_by_role("row", name="UBND xã Lùng Vai").get_by_role("link", name="Chấm").click()
    review = office.locator("#review-X1")
    review.get_by_label("Số đã thực hiện").fill("348")
    expect(review).to_contain_text("87%")
    review.get_by_label("Lý do điều chỉnh (đơn vị sẽ thấy)").fill(
        "Hai hồ sơ xử lý bằng giấy, không tính."
    )
    shoot(office, "3-review")
    office.get_by_role("button", name="Chấm xong", exact=True).click()
    expect(office.locator(".alert-success")).to_be_visible()

    # The unit sees its final score, the reviewer's reason and its eligibility.
    head.goto("/tieu-chi/cua-don-vi/")
    head.get_by_role("row", name="2024").get_by_role("link", name="Mở").click()
    expect(head.locator("#final-score")).to_have_text("100")
    expect(head.locator("#eligibility")).to_have_text("Đủ điều kiện đề nghị khen thưởng")
    expect(head.get_by_text("Hai hồ sơ xử lý bằng giấy, không tính.")).to_be_visible()
    shoot(head, "4-result")
