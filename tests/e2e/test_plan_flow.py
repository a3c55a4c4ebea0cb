"""Issue 15 in a real browser with the demo accounts: an extension by exception, the
fingerprint of a frozen version, a list of nominees imported from the XLSX template."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from core.models import Version
from registrations.models import DeadlineExtension, Registration

from .conftest import load_demo_data, load_scored_demo, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "ThiDua@2025"


@pytest.fixture
def demo(live_server):
    load_demo_data()


@pytest.fixture
def scored_demo(live_server, time_machine):
    load_scored_demo(time_machine)


def test_office_grants_lung_vai_an_extension_and_the_unit_sees_it(demo, new_page, shoot):
    office = new_page()
    log_in(office, "vhtt", DEMO_PASSWORD)

    # The overview of 2025 links to the extensions; the demo's extension is listed.
    office.goto("/dang-ky/?year=2025")
    office.get_by_role("link", name="Gia hạn cho đơn vị").click()
    expect(office.get_by_role("heading", level=1)).to_have_text(
        "Gia hạn đăng ký cho đơn vị năm 2025"
    )
    demo_extension = DeadlineExtension.objects.select_related("unit").get()
    expect(office.locator("tbody tr").first).to_contain_text(demo_extension.unit.name)
    shoot(office, "01-extensions")

    # The unit is searched among the province's, then chosen (units.forms.UnitSearchMixin).
    office.get_by_label("Tìm đơn vị trong danh mục").fill("lung vai")
    expect(office.locator("#unit-choice")).to_contain_text("1 đơn vị khớp “lung vai”.")
    office.locator("#id_unit").select_option(label="UBND xã Lùng Vai")
    office.get_by_label("Gia hạn đến: trước ngày").fill("05/03/2025")
    office.get_by_label("Lý do gia hạn").fill("Mưa lũ làm mất điện, mất mạng trên địa bàn xã.")
    office.get_by_role("button", name="Gia hạn", exact=True).click()
    expect(
        office.get_by_text("Đã gia hạn đăng ký cho UBND xã Lùng Vai đến trước ngày 05/03/2025.")
    ).to_be_visible()
    expect(
        office.get_by_role("cell", name="Mưa lũ làm mất điện, mất mạng trên địa bàn xã.")
    ).to_be_visible()
    shoot(office, "02-granted")
    office.set_viewport_size({"width": 390, "height": 844})
    shoot(office, "02-granted-390")
    office.set_viewport_size({"width": 1280, "height": 900})

    # The overview marks Lùng Vai's row.
    office.goto("/dang-ky/?year=2025&q=lung+vai")
    expect(office.locator("tbody tr", has_text="UBND xã Lùng Vai")).to_contain_text(
        "Gia hạn 05/03/2025"
    )

    # Lùng Vai's head sees the new date where the unit starts its 2025 registration.
    head = new_page()
    log_in(head, "lungvai.truong", DEMO_PASSWORD)
    head.goto("/dang-ky/cua-don-vi/")
    expect(head.get_by_text("Đơn vị được gia hạn đến trước ngày 05/03/2025.")).to_be_visible()
    shoot(head, "03-unit")
    head.set_viewport_size({"width": 390, "height": 844})
    shoot(head, "03-unit-390")


def test_a_frozen_registration_shows_its_fingerprint_and_passes_the_check(demo, new_page, shoot):
    head = new_page()
    log_in(head, "lungvai.truong", DEMO_PASSWORD)
    registration = Registration.objects.get(unit__code="xa-lung-vai", window__year=2024)
    version = Version.objects.for_object(registration).order_by("number").first()

    head.goto(f"/dang-ky/{registration.pk}/")
    head.get_by_role("link", name="Bản gửi lần 1").click()
    expect(head.locator("#version-sha256")).to_have_text(version.sha256)
    head.get_by_role("button", name="Kiểm tra").click()
    expect(head.get_by_role("status")).to_have_text(
        "Khớp: nội dung và các tệp kèm theo đúng như lúc gửi."
    )
    shoot(head, "01-checked")
    head.set_viewport_size({"width": 390, "height": 844})
    shoot(head, "01-checked-390")


def test_lung_vai_imports_its_individuals_from_the_filled_template(
    scored_demo, new_page, shoot, tmp_path
):
    staff = new_page()
    log_in(staff, "lungvai.canbo", DEMO_PASSWORD)
    staff.get_by_role("link", name="Khen thưởng", exact=True).click()
    staff.get_by_role("button", name="Lập hồ sơ năm 2024").click()
    staff.get_by_role("link", name="Nhập danh sách cá nhân từ Excel").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Nhập danh sách cá nhân từ Excel")

    # The unit downloads the template and fills it: one line is wrong at first.
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Tải tệp mẫu").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)
    people = [
        ("Sùng Văn Chu", "04/05/1988", "Nam", "Mông"),
        ("Lù Thị Xuân", "19/09/1992", "Nữ", "Giáy"),
        ("Tráng A Dế", "31/02/1990", "Nam", "Mông"),
    ]
    filled = _fill_template(template, people, tmp_path / "sai.xlsx")
    staff.get_by_label("Tệp danh sách cá nhân (XLSX theo mẫu)").set_input_files(filled)
    staff.get_by_role("button", name="Nhập danh sách").click()
    expect(staff.get_by_role("alert")).to_contain_text("Dòng 4: Ngày sinh:")
    shoot(staff, "01-refused")
    staff.set_viewport_size({"width": 390, "height": 844})
    shoot(staff, "01-refused-390")
    staff.set_viewport_size({"width": 1280, "height": 900})

    people[2] = ("Tráng A Dế", "28/02/1990", "Nam", "Mông")
    fixed = _fill_template(template, people, tmp_path / "dung.xlsx")
    staff.get_by_label("Tệp danh sách cá nhân (XLSX theo mẫu)").set_input_files(fixed)
    staff.get_by_role("button", name="Nhập danh sách").click()
    expect(staff.get_by_text("Đã nhập 3 cá nhân vào hồ sơ.")).to_be_visible()
    expect(staff.locator("#counts")).to_have_text("0 tập thể, 3 cá nhân")
    shoot(staff, "02-imported")


def _fill_template(template, people, path):
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    titles = [cell.value for cell in sheet[1]]
    for name, birth, gender, ethnicity in people:
        row = {
            "Họ và tên": name,
            "Ngày sinh": birth,
            "Giới tính": gender,
            "Dân tộc": ethnicity,
            "Chức vụ, đơn vị công tác": "Công chức UBND xã Lùng Vai",
            "Hình thức đề nghị": "Giấy khen của Chủ tịch UBND huyện",
            "II.2. Thành tích đạt được": f"{name} hỗ trợ người dân nộp hồ sơ trực tuyến.",
        }
        sheet.append([row.get(title, "") for title in titles])
    workbook.save(path)
    return path


def test_a_visitor_reads_the_issued_decisions_from_the_honour_roll(demo, new_page, shoot):
    visitor = new_page()

    visitor.goto("/vinh-danh/")
    visitor.get_by_role("link", name="Xem các quyết định khen thưởng đã ban hành").click()

    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Quyết định khen thưởng đã ban hành"
    )
    expect(visitor.get_by_role("heading", name="Quyết định số 21/QĐ-UBND")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Quyết định số 15/QĐ-UBND")).to_be_visible()
    shoot(visitor, "01-decisions")
    visitor.set_viewport_size({"width": 390, "height": 844})
    shoot(visitor, "01-decisions-390")
