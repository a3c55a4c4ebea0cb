"""Inspections (plan III.4) in a real browser with the demo: the office records the
planned visit, sees a unit's findings beside its figures in the scoring, and Lùng Vai's
head answers the recommendation of its inspection."""

import pytest
from playwright.sync_api import expect

from criteria.models import Assessment
from inspections.models import Inspection

from .conftest import load_demo_data, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ThiDua@2025"


@pytest.fixture
def demo(live_server):
    load_demo_data()


def test_office_records_an_inspection_and_the_unit_answers(demo, new_page, shoot):
    office = new_page()
    log_in(office, "vhtt", DEMO_PASSWORD)
    office.goto("/kiem-tra/?year=2024")
    expect(office.get_by_role("heading", level=1)).to_have_text("Kiểm tra thi đua năm 2024")
    expect(office.locator("tbody tr")).to_have_count(3)
    shoot(office, "01-list")
    office.set_viewport_size({"width": 390, "height": 844})
    shoot(office, "01-list-390")
    office.set_viewport_size({"width": 1280, "height": 900})

    # The planned visit: a finding about a criterion, a recommendation, the record closed.
    planned = Inspection.objects.select_related("unit").get(status=Inspection.Status.PLANNED)
    office.get_by_role("link", name=planned.unit.name).click()
    office.get_by_text("Ghi kết quả kiểm tra", exact=True).click()
    office.get_by_label("Về nội dung").select_option(index=1)
    office.get_by_label("Nhận xét, kết quả kiểm tra").fill("Số liệu khớp với hệ thống một cửa.")
    office.get_by_role("button", name="Ghi kết quả").click()
    expect(office.get_by_text("Đã ghi kết quả kiểm tra.")).to_be_visible()
    office.get_by_text("Thêm kiến nghị", exact=True).first.click()
    office.get_by_label("Kiến nghị").fill("Cập nhật sổ theo dõi hằng tháng.")
    office.get_by_label("Thời hạn thực hiện").fill("30/11/2024")
    office.get_by_role("button", name="Thêm kiến nghị").click()
    expect(office.get_by_text("Cập nhật sổ theo dõi hằng tháng.")).to_be_visible()
    shoot(office, "02-recording")
    office.get_by_label("Kết luận chung của đoàn").fill("Đơn vị thực hiện đúng kế hoạch.")
    office.get_by_role("button", name="Chốt biên bản").click()
    expect(office.get_by_text("Đã chốt biên bản kiểm tra")).to_be_visible()
    expect(office.get_by_text("Chờ đơn vị trả lời", exact=True).first).to_be_visible()
    expect(office.get_by_role("button", name="Tạo dự thảo biên bản kiểm tra")).to_be_visible()
    shoot(office, "03-recorded")
    office.set_viewport_size({"width": 390, "height": 844})
    shoot(office, "03-recorded-390")
    office.set_viewport_size({"width": 1280, "height": 900})

    # The findings of the unit waiting in the scoring queue show beside its figures.
    waiting = Assessment.objects.get(
        unit=Inspection.objects.exclude(unit__code="xa-lung-vai").exclude(pk=planned.pk).get().unit,
        criterion_set__year=2024,
    )
    office.goto(f"/tieu-chi/bao-cao/{waiting.pk}/cham/")
    expect(office.get_by_text("Kết quả kiểm tra ngày")).to_be_visible()
    expect(office.get_by_text("Đoàn kiểm tra ghi nhận").first).to_be_visible()
    shoot(office, "04-scoring")

    # Lùng Vai's head answers the recommendation of its inspection.
    head = new_page()
    log_in(head, "lungvai.truong", DEMO_PASSWORD)
    head.get_by_role("link", name="Kiểm tra", exact=True).click()
    head.goto("/kiem-tra/?year=2024")
    expect(head.locator("tbody tr")).to_have_count(1)
    head.get_by_role("link", name="UBND xã Lùng Vai").click()
    head.get_by_label("Kết quả thực hiện của đơn vị").fill(
        "Đã số hóa toàn bộ minh chứng, cập nhật lên cổng."
    )
    head.get_by_role("button", name="Gửi kết quả thực hiện").click()
    expect(head.get_by_text("Đã gửi kết quả thực hiện kiến nghị.")).to_be_visible()
    expect(head.get_by_text("Đã hoàn thành", exact=True)).to_be_visible()
    shoot(head, "05-answered")
    head.set_viewport_size({"width": 390, "height": 844})
    shoot(head, "05-answered-390")
