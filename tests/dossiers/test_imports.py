"""A unit imports its list of individual nominees from the XLSX template (issue 15)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from dossiers import imports, services
from dossiers.models import Nominee

from .conftest import NOW, PERSON

OFFICIAL = "Cán bộ, công chức, viên chức, người lao động có sáng kiến, giải pháp"
GIAY_KHEN = "Giấy khen của Chủ tịch UBND huyện"


def person(name, birth="12/03/1985", gender="Nam", form=GIAY_KHEN, **extra):
    return {
        "Họ và tên": name,
        "Ngày sinh": birth,
        "Giới tính": gender,
        "Dân tộc": "Tày",
        "Chức vụ, đơn vị công tác": "Công chức Văn hóa – Xã hội",
        "Đối tượng": OFFICIAL,
        "Hình thức đề nghị": form,
        "II.2. Thành tích đạt được": f"{name} hướng dẫn người dân dùng dịch vụ công.",
        **extra,
    }


def xlsx(rows):
    """An upload made like a unit's filled template: the template's header, then rows."""
    titles = list(imports.headers().values())
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(titles)
    for row in rows:
        sheet.append([row.get(title, "") for title in titles])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "danh-sach.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_import_adds_every_person_of_a_valid_file(proposal, staff, giay_khen):
    added = services.import_nominees(
        proposal,
        xlsx([person("Lò Thị Mai", gender="Nữ"), person("Vàng Văn Sính", birth="01/02/1980")]),
        by=staff,
        now=NOW,
    )

    assert [(n.full_name, n.gender, n.award_form, n.category) for n in added] == [
        ("Lò Thị Mai", Nominee.Gender.FEMALE, giay_khen, Nominee.Category.OFFICIAL),
        ("Vàng Văn Sính", Nominee.Gender.MALE, giay_khen, Nominee.Category.OFFICIAL),
    ]
    assert added[1].birth_date.isoformat() == "1980-02-01"
    assert proposal.nominees.count() == 2


def test_one_bad_row_refuses_the_whole_file_with_a_reason_per_line(proposal, staff):
    rows = [
        person("Lò Thị Mai"),
        person("Vàng Văn Sính", birth="31/02/1980"),
        person("Sùng A Páo", gender="Nm"),
        person("", form="Huân chương Lao động"),
        person("Lò Thị Mai"),
    ]

    with pytest.raises(imports.NomineeImportError) as error:
        services.import_nominees(proposal, xlsx(rows), by=staff, now=NOW)

    reasons = dict(error.value.errors)
    assert sorted(reasons) == [3, 4, 5, 6]
    assert reasons[3].startswith("Ngày sinh: ")
    assert reasons[4].startswith("Giới tính: ")
    assert "Họ và tên: " in reasons[5]
    assert "Hình thức đề nghị: " in reasons[5]
    assert reasons[6] == "Lò Thị Mai trùng với dòng 2"
    assert str(error.value) == "Tệp có lỗi, chưa nhập cá nhân nào."
    assert proposal.nominees.count() == 0


def test_a_birth_date_the_form_finds_implausible_is_refused(proposal, staff):
    with pytest.raises(imports.NomineeImportError) as error:
        services.import_nominees(proposal, xlsx([person("Lò A", birth="01/01/2020")]), by=staff)

    [(line, reason)] = error.value.errors
    assert line == 2
    assert reason.startswith("Ngày sinh: ")


def test_someone_already_in_the_proposal_is_refused(proposal, staff, individual):
    upload = xlsx([person(PERSON["full_name"], birth="12/03/1985")])

    with pytest.raises(imports.NomineeImportError) as error:
        services.import_nominees(proposal, upload, by=staff, now=NOW)

    assert error.value.errors == [(2, "Lò Văn Thắng đã có trong hồ sơ")]


def test_a_file_without_the_name_column_is_refused(proposal, staff):
    workbook = Workbook()
    workbook.active.append(["Ngày sinh", "Hình thức đề nghị"])
    workbook.active.append(["12/03/1985", GIAY_KHEN])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(imports.NomineeImportError) as error:
        services.import_nominees(
            proposal, SimpleUploadedFile("a.xlsx", buffer.getvalue()), by=staff
        )

    assert error.value.errors == [(1, "thiếu cột: Họ và tên")]


def test_another_unit_cannot_import_into_the_proposal(proposal, other_staff):
    with pytest.raises(services.DossierError):
        services.import_nominees(proposal, xlsx([person("Lò A")]), by=other_staff)

    assert proposal.nominees.count() == 0


def test_a_sent_proposal_takes_no_import(submitted, staff):
    with pytest.raises(services.DossierError):
        services.import_nominees(submitted, xlsx([person("Lò A")]), by=staff)

    assert submitted.nominees.count() == 2


# --- pages ---------------------------------------------------------------------------------


def test_the_template_has_the_form_labels_and_a_guide(client, proposal, staff):
    client.force_login(staff)

    response = client.get(reverse("dossiers:nominee_template", args=[proposal.pk]))

    workbook = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert header[:3] == ["Họ và tên", "Ngày sinh", "Giới tính"]
    assert "Hình thức đề nghị" in header
    guide = [[c.value for c in row] for row in workbook["Hướng dẫn"].iter_rows()]
    assert ["Giới tính", "Nam, Nữ"] in guide
    assert any(GIAY_KHEN in (row[1] or "") for row in guide)


def test_staff_imports_through_the_page(client, proposal, staff):
    client.force_login(staff)

    response = client.post(
        reverse("dossiers:nominee_import", args=[proposal.pk]),
        {"file": xlsx([person("Lò Thị Mai"), person("Vàng Văn Sính")])},
        follow=True,
    )

    assert "Đã nhập 2 cá nhân vào hồ sơ." in response.content.decode()
    assert list(proposal.nominees.values_list("full_name", flat=True)) == [
        "Lò Thị Mai",
        "Vàng Văn Sính",
    ]


def test_the_page_lists_each_bad_line_with_400(client, proposal, staff):
    client.force_login(staff)

    response = client.post(
        reverse("dossiers:nominee_import", args=[proposal.pk]),
        {"file": xlsx([person("Lò Thị Mai"), person("Sùng A Páo", gender="Nm")])},
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert "Tệp có lỗi, chưa nhập cá nhân nào:" in content
    assert "Dòng 3" in content
    assert proposal.nominees.count() == 0


def test_a_file_that_is_not_xlsx_is_refused_by_the_form(client, proposal, staff):
    client.force_login(staff)

    response = client.post(
        reverse("dossiers:nominee_import", args=[proposal.pk]),
        {"file": SimpleUploadedFile("a.xlsx", b"Ho va ten\nLo A\n")},
    )

    assert response.status_code == 400
    assert proposal.nominees.count() == 0


@pytest.mark.parametrize("name", ["dossiers:nominee_import", "dossiers:nominee_template"])
def test_anonymous_is_sent_to_login(client, proposal, name):
    response = client.get(reverse(name, args=[proposal.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["dossiers:nominee_import", "dossiers:nominee_template"])
def test_another_units_proposal_is_a_404(client, proposal, other_staff, name):
    client.force_login(other_staff)

    assert client.get(reverse(name, args=[proposal.pk])).status_code == 404


@pytest.mark.parametrize("who", ["office", "council", "admin_user"])
@pytest.mark.parametrize("name", ["dossiers:nominee_import", "dossiers:nominee_template"])
def test_the_district_side_cannot_import(client, request, proposal, who, name):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse(name, args=[proposal.pk])).status_code == 403
