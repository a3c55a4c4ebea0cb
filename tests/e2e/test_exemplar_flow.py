"""Model examples (gương điển hình) in a real browser with the demo: the office writes a
story with a photo and publishes it; a visitor finds it from the honour roll."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from .conftest import load_demo_data, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ThiDua@2025"


@pytest.fixture
def demo(live_server):
    load_demo_data()


def test_office_publishes_an_example_and_a_visitor_reads_it(demo, new_page, shoot, tmp_path):
    photo = tmp_path / "anh-hop-tac-xa.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (60, 130, 200)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    fake = tmp_path / "anh-gia.jpg"
    fake.write_bytes(b"<html>not a photo</html>")

    office = new_page()
    log_in(office, "vhtt", DEMO_PASSWORD)
    office.goto("/guong-dien-hinh/quan-ly/")
    expect(office.locator("tbody tr")).to_have_count(2)
    office.get_by_label("Tiêu đề").fill("Hợp tác xã bán chè trên sàn thương mại điện tử")
    office.get_by_label("Câu chuyện").fill(
        "Hợp tác xã đưa 12 sản phẩm chè lên sàn thương mại điện tử, gắn mã QR truy xuất nguồn gốc."
    )
    office.get_by_label("Năm").fill("2024")
    office.get_by_label("Tìm đơn vị trong danh mục").fill("Lùng Vai")
    expect(office.locator("#unit-choice")).to_contain_text("đơn vị khớp “Lùng Vai”.")
    office.get_by_label("Tập thể (đơn vị)").select_option(label="UBND xã Lùng Vai")
    office.get_by_label("Ảnh", exact=True).set_input_files(str(fake))
    office.get_by_role("button", name="Lưu bản nháp").click()
    expect(office.get_by_text("không đúng định dạng")).to_be_visible()
    office.get_by_label("Ảnh", exact=True).set_input_files(str(photo))
    office.get_by_role("button", name="Lưu bản nháp").click()
    expect(office.get_by_text("Đã lưu gương điển hình")).to_be_visible()
    office.get_by_role("button", name="Công bố").click()
    expect(office.get_by_text("Đã công bố trên trang công khai.")).to_be_visible()
    shoot(office, "01-edit")

    visitor = new_page()
    visitor.goto("/vinh-danh/")
    visitor.get_by_role("link", name="Gương điển hình").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Gương điển hình trong phong trào thi đua"
    )
    expect(visitor.locator("article")).to_have_count(3)
    shoot(visitor, "02-public")
    visitor.set_viewport_size({"width": 390, "height": 844})
    shoot(visitor, "02-public-390")
    visitor.set_viewport_size({"width": 1280, "height": 900})
    visitor.get_by_role("link", name="Hợp tác xã bán chè trên sàn thương mại điện tử").click()
    expect(visitor.get_by_text("gắn mã QR truy xuất nguồn gốc")).to_be_visible()
    expect(visitor.locator("figure img")).to_be_visible()
    shoot(visitor, "03-story")
    visitor.set_viewport_size({"width": 390, "height": 844})
    shoot(visitor, "03-story-390")
