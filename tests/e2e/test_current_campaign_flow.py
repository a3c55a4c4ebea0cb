"""Issue 9's newcomer in a real browser: the campaign open today (Bản Lầu 2026–2030),
with its demo accounts and the clock frozen inside its open year, from registration
through scoring, proposal, vote and decision to a numbered decision and a Giấy khen whose
every authority exists on its date."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.letterhead import date_text
from dossiers.models import AwardDecision
from registrations.models import Campaign
from tests.conftest import PDF_BYTES
from tests.documents.pdf import says

from .conftest import load_demo_data, log_in, open_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ThiDua@2025"
LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=7))
UNIT = "Hợp tác xã Nông sản OCOP Bản Lầu (hư cấu, dữ liệu mẫu)"


@pytest.fixture
def today(live_server, time_machine, tmp_path, settings):
    """The demo loaded today; the clock then frozen (ticking) at 9:00 of this day, inside
    the current campaign's open year."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_demo_data()  # transactional tests flush what migrations seeded: loaded again
    now = datetime.datetime.now(LOCAL_TZ).replace(hour=9, minute=0, second=0, microsecond=0)
    time_machine.move_to(now, tick=True)
    campaign = Campaign.objects.get(organisation__code="xa-ban-lau-moi")
    assert campaign.start_year <= now.year <= campaign.end_year
    return now.date()


def _confirming(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_a_newcomer_runs_the_current_year_to_a_numbered_decision_and_giay_khen(
    today, new_page, shoot, tmp_path
):
    year, day = today.year, today.strftime("%d/%m/%Y")
    staff, head, office, council = (new_page() for _ in range(4))
    plan = tmp_path / "ke-hoach-htx.pdf"
    plan.write_bytes(PDF_BYTES)

    # The cooperative's accountant drafts the registration; its director sends it.
    log_in(staff, "htx.canbo", DEMO_PASSWORD)
    staff.get_by_role("button", name="Lập đăng ký thi đua").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(f"Soạn đăng ký thi đua năm {year}")
    staff.get_by_label("Nội dung đăng ký, chương trình hành động").fill(
        "Hợp tác xã đưa sản phẩm chủ lực lên sàn thương mại điện tử, thanh toán không tiền mặt."
    )
    staff.get_by_label("Tệp kế hoạch, chương trình hành động").set_input_files(str(plan))
    staff.get_by_label("Giấy khen của Chủ tịch UBND xã").check()
    staff.locator("#id_targets-0-title").fill("Sản phẩm chủ lực bán trực tuyến")
    staff.locator("#id_targets-0-measure").fill("tỷ lệ %")
    staff.locator("#id_targets-0-target_value").fill("≥ 50%")
    staff.locator("#id_targets-0-product").fill("Gian hàng trên sàn thương mại điện tử")
    staff.locator("#id_targets-0-due_on").fill(f"15/12/{year}")
    staff.get_by_role("button", name="Lưu bản nháp").click()
    expect(staff.get_by_text("Đã lưu bản đăng ký.")).to_be_visible()
    registration_url = staff.url

    log_in(_confirming(head), "htx.giamdoc", DEMO_PASSWORD)
    head.goto(registration_url)
    head.get_by_role("button", name="Gửi đăng ký", exact=True).click()
    expect(
        head.get_by_text("Đã gửi đăng ký thi đua tới Phòng Văn hóa – Xã hội xã Bản Lầu.")
    ).to_be_visible()

    # The commune's culture office sees only its commune's units and accepts it.
    log_in(_confirming(office), "vhxh.banlau", DEMO_PASSWORD)
    office.get_by_role("link", name="Tình hình đăng ký").first.click()
    expect(office.locator("#overview")).not_to_contain_text("UBND xã Lùng Vai")
    row = office.locator("tbody tr", has_text=UNIT)
    shoot(office, "01-overview")
    row.get_by_role("link", name="Mở").click()
    office.get_by_role("button", name="Tiếp nhận").click()
    expect(office.locator(".alert-success")).to_contain_text("Đã tiếp nhận đăng ký của")

    # Results against the commune's own criteria, sent by the director, scored by the office.
    staff.goto("/tieu-chi/cua-don-vi/")
    staff.get_by_role("button", name=f"Báo cáo kết quả năm {year}").click()
    for code, (total, excluded, done) in {
        "HTX1": ("8", "0", "6"),
        "HTX2": ("500", "20", "430"),
    }.items():
        numbers = staff.locator(f"#line-{code} input[type=number]")
        numbers.nth(0).fill(total)
        numbers.nth(1).fill(excluded)
        numbers.last.fill(done)
    staff.locator("#line-HTX3").get_by_label("Không", exact=True).check()
    staff.get_by_role("button", name="Lưu kết quả").click()
    assessment_url = staff.url
    head.goto(assessment_url)
    head.get_by_role("button", name="Gửi báo cáo").click()
    expect(head.locator(".alert-success")).to_be_visible()

    office.goto(f"/tieu-chi/cham-diem/?year={year}")
    office.get_by_role("row", name=UNIT).get_by_role("link", name="Chấm").click()
    office.get_by_role("button", name="Chấm xong", exact=True).click()
    expect(office.locator(".alert-success")).to_be_visible()

    # The proposal: the collective, for the commune chairman's Giấy khen.
    staff.get_by_role("link", name="Khen thưởng", exact=True).click()
    staff.get_by_role("button", name=f"Lập hồ sơ năm {year}").click()
    staff.get_by_role("link", name="Đề nghị tập thể đơn vị").click()
    staff.get_by_label("Hình thức đề nghị").select_option(label="Giấy khen của Chủ tịch UBND xã")
    staff.get_by_role("button", name="Lưu").click()
    proposal_url = staff.url
    head.goto(proposal_url)
    # The Tờ trình is still a draft and the reports keep "…": the head ticks the warnings.
    head.get_by_label("Đã xem các lưu ý, vẫn gửi").check()
    head.get_by_role("button", name="Gửi hồ sơ").click()
    expect(head.get_by_text("Đã gửi hồ sơ tới Phòng Văn hóa – Xã hội xã Bản Lầu.")).to_be_visible()

    office.get_by_role("link", name="Khen thưởng", exact=True).click()
    office.locator("tbody tr", has_text=UNIT).get_by_role("link", name="Mở").click()
    for radio in office.locator("#review-form input[value=accept]").all():
        radio.check()
    office.get_by_role("button", name="Ghi kết quả xét").click()
    office.get_by_role("link", name="Hội đồng", exact=True).click()
    office.get_by_role("button", name=f"Lập bản tổng hợp năm {year}").click()
    office.get_by_role("button", name="Trình Hội đồng").click()
    expect(
        office.get_by_text(
            "Đã trình Hội đồng Thi đua – Khen thưởng qua Văn phòng HĐND và UBND xã Bản Lầu."
        )
    ).to_be_visible()
    submission_url = office.url

    # The commune's council meets today: its own members only; the vote and the decision.
    log_in(_confirming(council), "hoidong.banlau", DEMO_PASSWORD)
    council.goto(submission_url)
    council.get_by_role("link", name="Mở phiên họp Hội đồng").click()
    expect(council.locator("form.card")).not_to_contain_text("Lương Văn Thành")
    open_meeting(
        council,
        day=day,
        place="Hội trường UBND xã Bản Lầu",
        chair="Vàng Seo Chứ – Chủ tịch Hội đồng",
        members=("Vàng Seo Chứ", "Lù Thị Dung", "Hoàng Văn Pao", "Tráng Thị Dợ"),
    )
    council.get_by_role("button", name="Lưu biểu quyết").click()
    expect(council.locator("#attendance")).to_have_text("4/5")
    council.get_by_role("button", name="Kết thúc phiên họp").click()
    expect(council.locator("#tally")).to_contain_text("Hội đồng tán thành")
    shoot(council, "02-tally")

    council.get_by_role("link", name="Lập quyết định: Giấy khen của Chủ tịch UBND xã").click()
    council.get_by_label("Ngày quyết định").fill(day)
    council.locator("#id_signer_name").fill("Vàng Seo Chứ")
    council.get_by_role("button", name="Lưu dự thảo").click()
    # 0,6 × 2.340.000 rounded up (ND 152/2025, collective).
    expect(council.locator("#total")).to_have_text("1.410.000 đồng")
    decision_url = council.url
    council.get_by_role("button", name="Tạo dự thảo quyết định khen thưởng").click()
    expect(council.get_by_role("link", name="Tải PDF")).to_be_visible()
    council.goto(decision_url)
    council.get_by_role("button", name="Ban hành").click()
    expect(council.get_by_text("Đã ban hành quyết định khen thưởng.")).to_be_visible()
    expect(council.get_by_role("heading", level=1)).to_have_text(
        "Quyết định khen thưởng số 01/QĐ-UBND"
    )
    shoot(council, "03-decision-issued")

    # The Giấy khen, printed by the council and downloaded by the cooperative.
    council.goto(submission_url)
    council.get_by_role("link", name=UNIT).first.click()
    certificate_url = council.url
    council.get_by_role("button", name="Tạo dự thảo giấy khen").click()
    expect(council.get_by_role("link", name="Tải PDF")).to_be_visible()
    staff.goto(certificate_url)
    staff.get_by_role("link", name="1 văn bản đã tạo").click()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="PDF", exact=True).click()
    certificate = Path(download.value.path()).read_bytes()
    Path(tmp_path / "giay-khen.pdf").write_bytes(certificate)
    for text in (
        "GIẤY KHEN",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẢN LẦU",
        "Quyết định số 01/QĐ-UBND",
        "Vàng Seo Chứ",
        f"Bản Lầu, {date_text(today)}",
    ):
        assert says(certificate, text), text
    # Only authorities existing on its date: no district, no merged-away commune.
    for gone in ("HUYỆN", "huyện", "Mường Khương", "Lùng Vai"):
        assert not says(certificate, gone), gone

    decision = AwardDecision.objects.get(number="01/QĐ-UBND")
    assert decision.status == AwardDecision.Status.ISSUED
    assert decision.decided_on == today
    assert list(decision.awardees.values_list("bonus_amount", flat=True)) == [1_410_000]
