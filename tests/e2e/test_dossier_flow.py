"""Issue 5's scenario in a real browser with the demo accounts: from the unit's
proposal to the decision and the public honour roll."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dossiers.models import AwardDecision, Nominee
from tests.documents.pdf import says

from .conftest import load_scored_demo, log_in, open_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ThiDua@2025"
LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def demo(live_server, time_machine):
    load_scored_demo(time_machine)


def _confirming(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _add_individual(page, name, birth, gender, ethnicity, position):
    page.get_by_role("link", name="Đề nghị cá nhân").click()
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Ngày sinh").fill(birth)
    page.get_by_label("Giới tính").select_option(label=gender)
    page.get_by_label("Dân tộc").fill(ethnicity)
    page.get_by_label("Chức vụ, đơn vị công tác").fill(position)
    page.get_by_label("II.2. Thành tích đạt được").fill(
        f"{name} xây dựng nhóm hỗ trợ người dân nộp hồ sơ trực tuyến tại 9 thôn."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text(f"Đã thêm {name} vào hồ sơ.")).to_be_visible()


def test_a_council_meeting_runs_from_proposal_to_honour_roll(demo, new_page, shoot, time_machine):
    staff, head, office, council, public = (new_page() for _ in range(5))

    # Lùng Vai's staff prepares the 2024 proposal: the collective and two individuals.
    log_in(staff, "lungvai.canbo", DEMO_PASSWORD)
    staff.get_by_role("link", name="Khen thưởng", exact=True).click()
    staff.get_by_role("button", name="Lập hồ sơ năm 2024").click()
    staff.get_by_role("link", name="Đề nghị tập thể đơn vị").click()
    expect(staff.locator("#id_achievements")).to_contain_text(
        "1. Kết quả thực hiện các chỉ tiêu đăng ký thi đua về chuyển đổi số năm 2024:"
    )
    shoot(staff, "01-collective-report")
    staff.get_by_role("button", name="Lưu").click()
    _add_individual(
        staff, "Sùng Văn Chu", "04/05/1988", "Nam", "Mông", "Công chức Tư pháp – Hộ tịch"
    )
    _add_individual(
        staff, "Lù Thị Xuân", "19/09/1992", "Nữ", "Giáy", "Viên chức Bưu điện văn hóa xã"
    )
    expect(staff.locator("#counts")).to_have_text("1 tập thể, 2 cá nhân")
    shoot(staff, "02-proposal")

    # The head submits it.
    log_in(_confirming(head), "lungvai.truong", DEMO_PASSWORD)
    head.goto(staff.url)
    # The Tờ trình is still a draft and the reports keep "…": the head ticks the warnings.
    head.get_by_label("Đã xem các lưu ý, vẫn gửi").check()
    head.get_by_role("button", name="Gửi hồ sơ").click()
    expect(head.get_by_text("Đã gửi hồ sơ tới Phòng Văn hóa và Thông tin.")).to_be_visible()

    # The culture office accepts every nominee, consolidates the year and sends it on.
    log_in(_confirming(office), "vhtt", DEMO_PASSWORD)
    office.get_by_role("link", name="Khen thưởng", exact=True).click()
    # The demo's latest year is 2025 (decided by the province after 1/7/2025): pick 2024.
    office.get_by_label("Năm").select_option("2024")
    office.get_by_role("button", name="Xem").click()
    office.locator("tbody tr", has_text="UBND xã Lùng Vai").get_by_role("link", name="Mở").click()
    for radio in office.locator("#review-form input[value=accept]").all():
        radio.check()
    shoot(office, "03-review")
    office.get_by_role("button", name="Ghi kết quả xét").click()
    expect(office.get_by_text("Đã tiếp nhận hồ sơ của UBND xã Lùng Vai.")).to_be_visible()
    office.get_by_role("link", name="Hội đồng", exact=True).click()
    office.get_by_role("button", name="Lập bản tổng hợp năm 2024").click()
    expect(office.locator("#counts")).to_contain_text(
        "Đề nghị khen thưởng cho 5 tập thể và 3 cá nhân."
    )
    expect(office.locator(".summary-list")).to_contain_text("1988, Nam, Mông")
    shoot(office, "04-summary-list")
    office.get_by_role("button", name="Trình Hội đồng").click()
    expect(
        office.get_by_text("Đã trình Hội đồng Thi đua – Khen thưởng qua Phòng Nội vụ.")
    ).to_be_visible()
    submission_url = office.url

    # The council's secretary opens the meeting on 15/01/2025 and records it on 20/01/2025.
    time_machine.move_to(datetime.datetime(2025, 1, 20, 9, tzinfo=LOCAL_TZ), tick=True)
    log_in(_confirming(council), "hoidong", DEMO_PASSWORD)
    council.goto(submission_url)
    council.get_by_role("link", name="Mở phiên họp Hội đồng").click()
    open_meeting(
        council,
        day="15/01/2025",
        place="Phòng họp số 1, UBND huyện Mường Khương",
        chair="Lương Văn Thành – Chủ tịch Hội đồng",
        members=("Lương Văn Thành", "Đỗ Thị Hằng", "Vàng A Lử", "Nguyễn Thu Hà", "Bùi Quang Vinh"),
    )
    shoot(council, "05-votes")
    council.get_by_role("button", name="Lưu biểu quyết").click()
    expect(council.locator("#attendance")).to_have_text("5/7")
    council.get_by_role("button", name="Kết thúc phiên họp").click()
    expect(council.locator("#tally")).to_contain_text("Hội đồng tán thành")
    shoot(council, "06-tally")

    # The decision: bonus per awardee on 20/01/2025 and the total; its printed draft, then
    # issued with the next number of the district's register.
    council.get_by_role("link", name="Lập quyết định: Giấy khen của Chủ tịch UBND huyện").click()
    council.get_by_label("Ngày quyết định").fill("20/01/2025")
    council.locator("#id_signer_name").fill("Lương Văn Thành")
    council.get_by_role("button", name="Lưu dự thảo").click()
    # 5 collectives × 1.410.000 + 3 individuals × 710.000 (Decree 98, base 2.340.000): Lùng
    # Vai's two and the office's own proposals in the demo (Giàng Seo Páo, an outstanding
    # business owner; a community digital-technology team outside the registered units).
    expect(council.locator("#total")).to_have_text("9.180.000 đồng")
    decision_url = council.url
    council.get_by_role("button", name="Tạo dự thảo quyết định khen thưởng").click()
    expect(council.get_by_role("link", name="Tải PDF")).to_be_visible()
    shoot(council, "07-decision-draft")
    council.goto(decision_url)
    council.get_by_role("button", name="Ban hành").click()
    expect(council.get_by_text("Đã ban hành quyết định khen thưởng.")).to_be_visible()
    expect(council.get_by_role("heading", level=1)).to_have_text(
        "Quyết định khen thưởng số 01/QĐ-UBND"
    )
    shoot(council, "08-decision-issued")

    # The council prints Sùng Văn Chu's Giấy khen; the unit downloads it. The staff signed
    # in on 10/01/2025: ten days later the session has long expired (8 hours at most, 30
    # minutes idle), so the staff signs in again, as a person would.
    council.goto(submission_url)
    council.get_by_role("link", name="Sùng Văn Chu").click()
    certificate_url = council.url
    council.get_by_role("button", name="Tạo dự thảo giấy khen").click()
    expect(council.get_by_role("link", name="Tải PDF")).to_be_visible()
    log_in(staff, "lungvai.canbo", DEMO_PASSWORD)
    staff.goto(certificate_url)
    staff.get_by_role("link", name="1 văn bản đã tạo").click()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="PDF", exact=True).click()
    certificate = Path(download.value.path()).read_bytes()
    assert certificate.startswith(b"%PDF")
    assert says(certificate, "GIẤY KHEN")
    assert says(certificate, "Sùng Văn Chu")
    assert says(certificate, "Quyết định số 01/QĐ-UBND")

    # Anyone sees the awardees on the honour roll, without personal data.
    public.goto("/vinh-danh/?nam=2024")
    roll = public.locator(".honour-roll")
    expect(roll).to_contain_text("Sùng Văn Chu")
    expect(roll).to_contain_text("Lù Thị Xuân")
    expect(roll).to_contain_text("số 01/QĐ-UBND, 20/01/2025")
    expect(roll).not_to_contain_text("1988")
    expect(roll).not_to_contain_text("Mông")
    shoot(public, "09-honour-roll")

    decision = AwardDecision.objects.get(number="01/QĐ-UBND")
    assert decision.status == AwardDecision.Status.ISSUED
    assert sorted(decision.awardees.values_list("bonus_amount", flat=True)) == [
        710_000,
        710_000,
        710_000,
        1_410_000,
        1_410_000,
        1_410_000,
        1_410_000,
        1_410_000,
    ]
    assert Nominee.objects.filter(proposal__year=2024, status=Nominee.Status.AWARDED).count() == 8
