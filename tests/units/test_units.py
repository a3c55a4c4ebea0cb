import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from units.models import Tier, Unit
from units.services import UnitImportError, import_units

from ..factories import UnitFactory, UserFactory

HEADER = "Mã đơn vị,Tên đơn vị,Tên viết tắt,Khối,Địa bàn,Địa chỉ,Điện thoại,Thư điện tử,Hiệu lực từ ngày,Hiệu lực đến ngày,Mã đơn vị kế thừa\n"


def csv_upload(body):
    return SimpleUploadedFile("don-vi.csv", (HEADER + body).encode("utf-8"))


@pytest.mark.django_db
def test_search_ignores_diacritics_and_case():
    UnitFactory(name="UBND xã Lùng Vai")
    UnitFactory(name="UBND xã Lùng Khấu Nhin")
    UnitFactory(name="Phòng Văn hóa và Thông tin")

    assert [u.name for u in Unit.objects.search("lung vai")] == ["UBND xã Lùng Vai"]
    assert sorted(u.name for u in Unit.objects.search("LÙNG")) == [
        "UBND xã Lùng Khấu Nhin",
        "UBND xã Lùng Vai",
    ]
    assert [u.name for u in Unit.objects.search("van hoa")] == ["Phòng Văn hóa và Thông tin"]


@pytest.mark.django_db
def test_search_maps_d_with_stroke():
    UnitFactory(name="Đoàn Thanh niên")

    assert [u.name for u in Unit.objects.search("doan thanh")] == ["Đoàn Thanh niên"]


@pytest.mark.django_db
def test_active_in_year_keeps_units_that_ended_mid_year():
    merged = UnitFactory(name="UBND xã Bản Sen", valid_to=datetime.date(2025, 6, 30))
    new = UnitFactory(name="UBND xã Bản Lầu (mới)", valid_from=datetime.date(2025, 7, 1))

    assert set(Unit.objects.active_in_year(2025)) == {merged, new}
    assert list(Unit.objects.active_in_year(2026)) == [new]
    assert list(Unit.objects.active_in_year(2024)) == [merged]


@pytest.mark.django_db
def test_import_creates_units_with_successors_from_csv():
    result = import_units(
        csv_upload(
            "xa-a,UBND xã A,Xã A,commune,huyện X,,,,01/01/2020,30/06/2025,xa-moi\n"
            "xa-moi,UBND xã Mới,Xã Mới,UBND xã thị trấn,,,,,01/07/2025,,\n"
        ),
        by=None,
    )

    assert result == {"created": 2, "updated": 0}
    old = Unit.objects.get(code="xa-a")
    assert (old.tier, old.valid_to, old.successor.code) == (
        Tier.COMMUNE,
        datetime.date(2025, 6, 30),
        "xa-moi",
    )


@pytest.mark.django_db
def test_import_with_errors_imports_nothing_and_names_each_bad_line():
    with pytest.raises(UnitImportError) as caught:
        import_units(
            csv_upload(
                "xa-a,UBND xã A,,commune,,,,,,,\n"
                "xa-b,,,commune,,,,,,,\n"
                "xa-c,UBND xã C,,khối lạ,,,,,,,\n"
                "xa-a,UBND xã A lần hai,,commune,,,,,,,\n"
                "xa-d,UBND xã D,,commune,,,,,01/07/2025,30/06/2025,\n"
                "xa-e,UBND xã E,,commune,,,,,,,khong-co\n"
            ),
            by=None,
        )

    lines = [line for line, _reason in caught.value.errors]
    assert lines == [3, 4, 5, 6, 7]
    reasons = dict(caught.value.errors)
    assert "tên đơn vị" in reasons[3]
    assert "khối “khối lạ” không có" in reasons[4]
    assert "trùng với dòng 2" in reasons[5]
    assert "ngày hết hiệu lực trước ngày bắt đầu" in reasons[6]
    assert "không có đơn vị kế thừa mã “khong-co”" in reasons[7]
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_import_reads_xlsx_with_real_dates():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Khối", "Hiệu lực từ ngày"])
    sheet.append(
        [
            "dn-che",
            "Công ty Chè (hư cấu)",
            "Doanh nghiệp, hợp tác xã",
            datetime.datetime(2021, 3, 1),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_units(SimpleUploadedFile("don-vi.xlsx", buffer.getvalue()), by=None)

    unit = Unit.objects.get(code="dn-che")
    assert (unit.tier, unit.valid_from) == (Tier.ENTERPRISE, datetime.date(2021, 3, 1))


@pytest.mark.django_db
def test_import_stores_names_in_nfc():
    import unicodedata

    import_units(
        csv_upload(unicodedata.normalize("NFD", "xa-lv,UBND xã Lùng Vai,,commune,,,,,,,\n")),
        by=None,
    )

    assert Unit.objects.get().name == "UBND xã Lùng Vai"


def test_import_page_is_for_admins_only(client, office, staff):
    for user in (office, staff):
        client.force_login(user)
        assert client.get(reverse("units:import")).status_code == 403


def test_import_page_anonymous_goes_to_login(client, db):
    response = client.get(reverse("units:import"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_import_page_shows_the_errors_with_line_numbers(client, admin_user):
    client.force_login(admin_user)

    response = client.post(reverse("units:import"), {"file": csv_upload("xa-b,,,commune,,,,,,,\n")})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Tệp có lỗi, chưa nhập đơn vị nào" in content
    assert "Dòng 2" in content
    assert Unit.objects.count() == 0


def test_import_page_imports_and_redirects(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("units:import"),
        {"file": csv_upload("xa-b,UBND xã B,,commune,,,,,,,\n")},
        follow=True,
    )

    assert "Đã nhập: 1 đơn vị mới, 0 đơn vị cập nhật." in response.content.decode()
    assert Unit.objects.filter(code="xa-b").exists()


def test_unit_list_is_not_for_unit_roles(client, staff):
    client.force_login(staff)

    assert client.get(reverse("units:list")).status_code == 403


def test_unit_list_searches_without_diacritics(client, office, db):
    UnitFactory(name="UBND xã Lùng Vai")
    UnitFactory(name="UBND xã Bản Lầu")
    client.force_login(office)

    response = client.get(reverse("units:list"), {"q": "ban lau"})

    assert [u["name"] for u in response.context["page"]] == ["UBND xã Bản Lầu"]


@pytest.mark.parametrize("rows", [1, 3])
def test_unit_list_query_count_is_constant(client, office, django_assert_num_queries, rows):
    for _ in range(rows):
        UnitFactory()
    client.force_login(office)

    with django_assert_num_queries(4):
        response = client.get(reverse("units:list"))

    assert len(response.context["page"]) == rows


@pytest.mark.django_db
def test_vietnamese_order_is_the_same_on_postgresql_and_sqlite():
    for name in ["Ông", "Ăn", "An", "Đặng", "Dương", "Ánh", "Zô", "Thanh Bình", "Tả Gia Khâu"]:
        UnitFactory(name=name)
    for name in ["Văn phòng HĐND và UBND", "Ủy ban MTTQ"]:
        UnitFactory(name=name)

    names = [u.name for u in Unit.objects.in_vietnamese_order()]

    # ICU "vi-x-icu" on PostgreSQL, core.text.vietnamese_key on SQLite: Ă after A, Đ after
    # D, Ô/Ơ after O, Ư after U, tones only when the letters are equal.
    assert names == [
        "An",
        "Ánh",
        "Ăn",
        "Dương",
        "Đặng",
        "Ông",
        "Tả Gia Khâu",
        "Thanh Bình",
        "Ủy ban MTTQ",
        "Văn phòng HĐND và UBND",
        "Zô",
    ]


def test_the_office_role_is_named_for_any_level_of_government(client, office):
    """Since 1/7/2025 the standing office is a commune's or a province's, not always the
    district's Phòng Văn hóa và Thông tin: the role's name says what it does."""
    client.force_login(office)

    page = client.get("/").content.decode()

    assert office.get_role_display() == "Cơ quan thường trực phong trào"
    assert re.search(
        r'<span class="dropdown-item-text small text-muted">\s*Cơ quan thường trực phong trào\s*<',
        page,
    )


def test_office_users_are_those_of_the_campaigns_locality(office, db):
    """Notices to "the office" reach the office of the campaign's own locality only."""
    from units.queries import office_users

    commune = UnitFactory(name="UBND xã Bản Lầu")
    commune_office = UserFactory(office=True, username="vhxh", organisation=commune)
    UserFactory(office=True, username="nghi", is_active=False)

    assert list(office_users(None)) == [office]
    assert list(office_users(commune.pk)) == [commune_office]
