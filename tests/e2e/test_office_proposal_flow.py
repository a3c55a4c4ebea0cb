"""The culture office's own proposal (issue 15, plan VI.1) in a real browser with the
demo accounts: the office opens a thematic proposal, adds a scientist with her workplace,
fills her achievement report and sends it into the year's consolidation; the council
votes and the chairman's decision lists her with her bonus."""

import datetime

import pytest
from playwright.sync_api import expect

from dossiers.models import AwardDecision, AwardProposal, Nominee

from .conftest import load_demo_data, log_in

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


def test_the_office_proposes_a_scientist_through_council_to_decision(
    demo, new_page, shoot, time_machine
):
    office, council = new_page(), new_page()

    # The office opens a thematic proposal of its own for 2024.
    log_in(_confirming(office), "vhtt", DEMO_PASSWORD)
    office.get_by_role("link", name="Khen thưởng", exact=True).click()
    office.get_by_role("link", name="Lập đề xuất của Phòng").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Lập đề xuất khen thưởng của Phòng")
    office.get_by_label("Năm thành tích").fill("2024")
    office.get_by_label("Khen thưởng theo chuyên đề").check()
    office.get_by_label("Nội dung đề xuất").fill(
        "Nhà khoa học đóng góp cho chuyển đổi số nông nghiệp vùng cao năm 2024"
    )
    _shoot_both(office, shoot, "01-office-proposal-form")
    office.get_by_role("button", name="Lập đề xuất").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Đề xuất khen thưởng của Phòng năm 2024"
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
    _shoot_both(office, shoot, "03-office-proposal")

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

    # The office consolidates 2024: the units' three collectives, the demo's own proposal
    # (Giàng Seo Páo) and the scientist.
    office.get_by_role("link", name="Hội đồng", exact=True).click()
    office.get_by_role("button", name="Lập bản tổng hợp năm 2024").click()
    expect(office.locator("#counts")).to_contain_text(
        "Đề nghị khen thưởng cho 3 tập thể và 2 cá nhân."
    )
    summary = office.locator(".summary-list")
    expect(summary).to_contain_text("Hoàng Thị Mai")
    expect(summary).to_contain_text("Viện Nông nghiệp vùng cao Tây Bắc")
    expect(summary).to_contain_text("Giàng Seo Páo")
    _shoot_both(office, shoot, "04-consolidation")
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
    council.get_by_label("Ngày họp").fill("15/01/2025")
    council.get_by_label("Địa điểm").fill("Phòng họp số 1, UBND huyện Mường Khương")
    council.get_by_label("Chủ trì").select_option(label="Lương Văn Thành – Chủ tịch Hội đồng")
    for member in ("Lương Văn Thành", "Đỗ Thị Hằng", "Vàng A Lử", "Nguyễn Thu Hà"):
        council.get_by_label(member).check()
    council.get_by_role("button", name="Mở phiên họp").click()
    council.get_by_role("button", name="Điền “Đồng ý” vào các ô trống").click()
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
    # 3 collectives × 1.410.000 + 2 individuals × 710.000.
    expect(council.locator("#total")).to_have_text("5.650.000 đồng")
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
    _shoot_both(council, shoot, "05-decision")

    scientist = Nominee.objects.get(full_name="Hoàng Thị Mai")
    assert scientist.status == Nominee.Status.AWARDED
    assert scientist.bonus_amount == 710_000
    assert scientist.decision.status == AwardDecision.Status.ISSUED
    assert scientist.workplace == "Viện Nông nghiệp vùng cao Tây Bắc"
