"""The culture office's own proposal (issue 15, plan VI.1) in a real browser with the
demo accounts: the office opens a thematic proposal, adds a scientist with her workplace
and a cooperative outside the registered units, fills their achievement reports and
sends it into the year's consolidation; the council votes and the chairman's decision
lists them with their bonus."""

import datetime

import pytest
from playwright.sync_api import expect

from dossiers.models import AwardDecision, AwardProposal, Nominee

from .conftest import load_demo_data, log_in, open_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ThiDua@2025"
LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=7))
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def demo(live_server, time_machine):
    """The demo, on 10/01/2025: the 2024 awards are decided in January 2025, while the
    district chairman's Giấy khen is still offered."""
    load_demo_data()
    time_machine.move_to(datetime.datetime(2025, 1, 10, 9, tzinfo=LOCAL_TZ), tick=True)


def _confirming(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _shoot_both(page, shoot, step):
    shoot(page, step)
    page.set_viewport_size(PHONE)
    shoot(page, f"{step}-390")
    page.set_viewport_size(DESKTOP)


def test_the_office_proposes_a_scientist_and_a_cooperative_through_council_to_decision(
    demo, new_page, shoot, time_machine
):
    office, council = new_page(), new_page()

    # The office opens a thematic proposal of its own for 2024.
    log_in(_confirming(office), "vhtt", DEMO_PASSWORD)
    office.get_by_role("link", name="Khen thưởng", exact=True).click()
    office.get_by_role("link", name="Lập đề xuất của cơ quan thường trực").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Lập đề xuất khen thưởng của cơ quan thường trực"
    )
    office.get_by_label("Năm thành tích").fill("2024")
    office.get_by_label("Khen thưởng theo chuyên đề").check()
    office.get_by_label("Nội dung đề xuất").fill(
        "Nhà khoa học đóng góp cho chuyển đổi số nông nghiệp vùng cao năm 2024"
    )
    _shoot_both(office, shoot, "01-office-proposal-form")
    office.get_by_role("button", name="Lập đề xuất").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Đề xuất khen thưởng của cơ quan thường trực năm 2024"
    )
    expect(office.locator("#office-proposal")).to_have_text(
        "Khen thưởng theo chuyên đề: "
        "Nhà khoa học đóng góp cho chuyển đổi số nông nghiệp vùng cao năm 2024"
    )
    proposal_url = office.url

    # A scientist outside any registered unit, with her workplace and her report.
    office.get_by_role("link", name="Đề nghị cá nhân").click()
    office.get_by_label("Đối tượng", exact=True).select_option(label="Nhà khoa học")
    office.get_by_label("Họ và tên").fill("Hoàng Thị Mai")
    office.get_by_label("Ngày sinh").fill("12/03/1985")
    office.get_by_label("Giới tính").select_option(label="Nữ")
    office.get_by_label("Dân tộc").fill("Tày")
    office.get_by_label("Chức vụ", exact=True).fill("Viện trưởng")
    office.get_by_label("Đơn vị công tác").fill("Viện Nông nghiệp vùng cao Tây Bắc")
    office.get_by_label("II.1. Chức vụ, nhiệm vụ được giao").fill(
        "Viện trưởng, phụ trách nghiên cứu ứng dụng công nghệ số trong nông nghiệp."
    )
    office.get_by_label("II.2. Thành tích đạt được").fill(
        "Chuyển giao ứng dụng truy xuất nguồn gốc chè Shan tuyết cho 12 hợp tác xã của huyện."
    )
    _shoot_both(office, shoot, "02-individual-form")
    office.get_by_role("button", name="Lưu").click()
    expect(office.get_by_text("Đã thêm Hoàng Thị Mai vào hồ sơ.")).to_be_visible()
    nominees = office.locator("#nominees")
    expect(nominees).to_contain_text("Viện trưởng, Viện Nông nghiệp vùng cao Tây Bắc")
    expect(office.locator("#counts")).to_have_text("0 tập thể, 1 cá nhân")

    # A cooperative outside the registered units, typed by name with its address: the
    # collective outline of the achievement report (Decree 152/2025 forms).
    office.get_by_role("link", name="Đề xuất tập thể").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo thành tích tập thể ngoài các đơn vị đăng ký"
    )
    # The registry offers, as one searches it, the units that did not register in 2024.
    expect(office.locator("#id_nominated_unit option")).to_have_count(1)  # nothing searched
    office.get_by_label("Tìm đơn vị trong danh mục").fill("thanh binh")
    expect(office.locator("#id_nominated_unit option")).to_have_count(2)
    expect(office.locator("#id_nominated_unit option").nth(1)).to_have_text("UBND xã Thanh Bình")
    expect(office.locator("#unit-choice")).to_contain_text("1 đơn vị khớp “thanh binh”.")
    office.get_by_label("Tìm đơn vị trong danh mục").fill("")
    office.get_by_label("Tên tập thể").fill("Hợp tác xã Chè Shan tuyết Tả Thàng (dữ liệu mẫu)")
    office.get_by_label("Địa chỉ, cơ quan chủ quản").fill(
        "Thôn Tả Thàng, xã Tả Thàng, huyện Mường Khương"
    )
    office.get_by_label("I.1. Đặc điểm, tình hình").fill(
        "Hợp tác xã 38 thành viên, 210 hộ liên kết trồng chè Shan tuyết."
    )
    office.get_by_label("I.2. Chức năng, nhiệm vụ").fill("Sản xuất, chế biến và tiêu thụ chè.")
    office.get_by_label("II.1–2. Thành tích đạt được").fill(
        "Đưa 12 sản phẩm chè OCOP lên sàn thương mại điện tử; doanh thu trực tuyến 2,1 tỷ đồng."
    )
    office.get_by_label("II.3. Việc thực hiện chủ trương").fill(
        "Chấp hành nghiêm chính sách, pháp luật; nộp thuế đầy đủ."
    )
    office.get_by_label("II.4. Hoạt động của tổ chức đảng, đoàn thể").fill(
        "Chi đoàn thanh niên hợp tác xã sinh hoạt hằng tháng."
    )
    _shoot_both(office, shoot, "03-collective-form")
    office.get_by_role("button", name="Lưu").click()
    expect(
        office.get_by_text("Đã thêm Hợp tác xã Chè Shan tuyết Tả Thàng (dữ liệu mẫu) vào hồ sơ.")
    ).to_be_visible()
    expect(nominees).to_contain_text("Thôn Tả Thàng, xã Tả Thàng, huyện Mường Khương")
    expect(office.locator("#counts")).to_have_text("1 tập thể, 1 cá nhân")
    _shoot_both(office, shoot, "04-office-proposal")

    # Sent: frozen and accepted at once, waiting for the year's consolidation.
    # Every section filled: nothing left to warn about.
    expect(office.locator("#proposal-warnings")).to_have_count(0)
    office.get_by_role("button", name="Chốt đề xuất, chuyển tổng hợp").click()
    expect(office.locator(".badge", has_text="Đã tiếp nhận").first).to_be_visible()
    expect(office.get_by_role("link", name="Bản gửi lần 1")).to_be_visible()
    expect(office.get_by_role("button", name="Chốt đề xuất, chuyển tổng hợp")).to_have_count(0)
    proposal = AwardProposal.objects.get(title__startswith="Nhà khoa học đóng góp")
    assert proposal.status == AwardProposal.Status.ACCEPTED
    assert office.url.endswith(f"/khen-thuong/ho-so/{proposal.pk}/")
    assert proposal_url.endswith(f"/khen-thuong/ho-so/{proposal.pk}/")

    # The office consolidates 2024: the units' three collectives, the demo's own proposals
    # (Giàng Seo Páo, a community digital-technology team), the cooperative and the scientist.
    office.get_by_role("link", name="Hội đồng", exact=True).click()
    office.get_by_role("button", name="Lập bản tổng hợp năm 2024").click()
    expect(office.locator("#counts")).to_contain_text(
        "Đề nghị khen thưởng cho 5 tập thể và 2 cá nhân."
    )
    summary = office.locator(".summary-list")
    expect(summary).to_contain_text("Hoàng Thị Mai")
    expect(summary).to_contain_text("Viện Nông nghiệp vùng cao Tây Bắc")
    expect(summary).to_contain_text("Giàng Seo Páo")
    expect(summary).to_contain_text("Hợp tác xã Chè Shan tuyết Tả Thàng (dữ liệu mẫu)")
    expect(summary).to_contain_text("Tổ công nghệ số cộng đồng xã Bản Lầu (dữ liệu mẫu)")
    _shoot_both(office, shoot, "05-consolidation")
    office.get_by_role("button", name="Trình Hội đồng").click()
    expect(
        office.get_by_text("Đã trình Hội đồng Thi đua – Khen thưởng qua Phòng Nội vụ.")
    ).to_be_visible()
    submission_url = office.url

    # The council meets on 15/01/2025, records it on 20/01/2025 and approves everyone.
    time_machine.move_to(datetime.datetime(2025, 1, 20, 9, tzinfo=LOCAL_TZ), tick=True)
    log_in(_confirming(council), "hoidong", DEMO_PASSWORD)
    council.goto(submission_url)
    council.get_by_role("link", name="Mở phiên họp Hội đồng").click()
    open_meeting(
        council,
        day="15/01/2025",
        place="Phòng họp số 1, UBND huyện Mường Khương",
        chair="Lương Văn Thành – Chủ tịch Hội đồng",
        members=("Lương Văn Thành", "Đỗ Thị Hằng", "Vàng A Lử", "Nguyễn Thu Hà"),
    )
    council.get_by_role("button", name="Lưu biểu quyết").click()
    expect(council.locator("#attendance")).to_have_text("4/7")
    council.get_by_role("button", name="Kết thúc phiên họp").click()
    expect(council.locator("#tally")).to_contain_text("Hội đồng tán thành")

    # The chairman's decision: the scientist with her workplace and her bonus on 20/01/2025
    # (Decree 98, base salary 2.340.000 đồng: 0,3 × → 710.000 đồng).
    council.get_by_role("link", name="Lập quyết định: Giấy khen của Chủ tịch UBND huyện").click()
    council.get_by_label("Ngày quyết định").fill("20/01/2025")
    council.locator("#id_signer_name").fill("Lương Văn Thành")
    council.get_by_role("button", name="Lưu dự thảo").click()
    row = council.locator("#awardees tbody tr", has_text="Hoàng Thị Mai")
    expect(row).to_contain_text("Viện trưởng, Viện Nông nghiệp vùng cao Tây Bắc")
    expect(row).to_contain_text("710.000 đồng")
    cooperative = council.locator("#awardees tbody tr", has_text="Hợp tác xã Chè Shan tuyết")
    expect(cooperative).to_contain_text("Tập thể, Thôn Tả Thàng, xã Tả Thàng")
    expect(cooperative).to_contain_text("1.410.000 đồng")
    # 5 collectives × 1.410.000 + 2 individuals × 710.000.
    expect(council.locator("#total")).to_have_text("8.470.000 đồng")
    decision_url = council.url
    # Issuing takes the printed draft's number from the district's register.
    council.get_by_role("button", name="Tạo dự thảo quyết định khen thưởng").click()
    expect(council.get_by_role("link", name="Tải PDF")).to_be_visible()
    council.goto(decision_url)
    council.get_by_role("button", name="Ban hành").click()
    expect(council.get_by_text("Đã ban hành quyết định khen thưởng.")).to_be_visible()
    expect(council.get_by_role("heading", level=1)).to_have_text(
        "Quyết định khen thưởng số 01/QĐ-UBND"
    )
    expect(council.locator("#awardees tbody tr", has_text="Hoàng Thị Mai")).to_contain_text(
        "710.000 đồng"
    )
    _shoot_both(council, shoot, "06-decision")

    scientist = Nominee.objects.get(full_name="Hoàng Thị Mai")
    assert scientist.status == Nominee.Status.AWARDED
    assert scientist.bonus_amount == 710_000
    assert scientist.decision.status == AwardDecision.Status.ISSUED
    assert scientist.workplace == "Viện Nông nghiệp vùng cao Tây Bắc"
    cooperative = Nominee.objects.get(collective_name__startswith="Hợp tác xã Chè Shan tuyết")
    assert cooperative.is_collective and cooperative.nominated_unit is None
    assert cooperative.status == Nominee.Status.AWARDED
    assert cooperative.bonus_amount == 1_410_000
