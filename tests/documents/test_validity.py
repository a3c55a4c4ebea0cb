"""Issuing bodies and signers in force on a paper's date (the 1/7/2025 reform)."""

import datetime

import pytest

from documents.models import Issuance, IssuingBody, Signer
from documents.services import DocumentError, issue_document, request_document
from tests.factories import UnitFactory

LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
FIRST_COMMUNE_DAY = datetime.date(2025, 7, 1)


@pytest.fixture
def successor(district):
    return IssuingBody.objects.create(
        code="ubnd-tinh",
        name="UBND tỉnh Thử Nghiệm",
        full_name="Ủy ban nhân dân tỉnh Thử Nghiệm",
        abbreviation="UBND",
        place_name="Thử Nghiệm",
        valid_from=FIRST_COMMUNE_DAY,
    )


@pytest.fixture
def on_last_district_day(time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 30, 9, tzinfo=datetime.UTC))


@pytest.fixture
def ending_office(office_body, district, successor):
    """The culture office and its district end on 30/6/2025; the province takes over."""
    for body in (office_body, district):
        body.valid_to = LAST_DISTRICT_DAY
        body.successor = successor
        body.save()
    return office_body


def test_a_body_is_in_force_until_its_last_day(ending_office):
    assert ending_office.is_active_on(LAST_DISTRICT_DAY)
    assert not ending_office.is_active_on(FIRST_COMMUNE_DAY)
    in_force = IssuingBody.objects.active_on(FIRST_COMMUNE_DAY)
    assert ending_office.successor in in_force
    assert not in_force.filter(pk__in=[ending_office.pk, ending_office.parent_id]).exists()


def test_issuing_on_the_last_day_of_a_body_gives_its_number(
    window, office, ending_office, run_on_commit, on_last_district_day
):
    draft = run_on_commit(request_document, "registration_report", window, by=office)

    issued = run_on_commit(issue_document, draft, by=office, today=LAST_DISTRICT_DAY)

    assert issued.reference == "01/BC-VHTT"
    assert issued.snapshot["letterhead"]["issuer_lines"] == ["PHÒNG VĂN HÓA VÀ THÔNG TIN"]
    assert issued.issuance.issued_on == LAST_DISTRICT_DAY


def test_issuing_the_day_after_a_body_ended_is_refused_naming_the_successor(
    window, office, ending_office, run_on_commit, on_last_district_day
):
    draft = run_on_commit(request_document, "registration_report", window, by=office)

    with pytest.raises(DocumentError) as refused:
        issue_document(draft, by=office, today=FIRST_COMMUNE_DAY)

    assert str(refused.value) == (
        "“Phòng Văn hóa và Thông tin” chỉ ban hành văn bản đến hết ngày 30/06/2025; "
        "văn bản ngày 01/07/2025 do “Ủy ban nhân dân tỉnh Thử Nghiệm” ban hành."
    )
    assert Issuance.objects.count() == 0


def test_a_draft_of_a_body_no_longer_in_force_is_refused(
    window, office, ending_office, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 9, 15, 9, tzinfo=datetime.UTC))

    with pytest.raises(DocumentError) as refused:
        request_document("registration_report", window, by=office)

    assert "văn bản ngày 15/09/2025 do “Ủy ban nhân dân tỉnh Thử Nghiệm”" in str(refused.value)


def test_a_merged_commune_names_the_commune_that_succeeded_it(ending_office):
    new_commune = UnitFactory(name="UBND xã Hợp Nhất", valid_from=FIRST_COMMUNE_DAY)
    old_commune = UnitFactory(valid_to=LAST_DISTRICT_DAY, successor=new_commune)
    body = IssuingBody.objects.create(
        code="xa-cu",
        name=old_commune.name,
        abbreviation="UBND",
        unit=old_commune,
        place_name="Thử Nghiệm",
        valid_to=LAST_DISTRICT_DAY,
    )
    from documents.services import check_issuer_in_force

    check_issuer_in_force(body, LAST_DISTRICT_DAY)
    with pytest.raises(DocumentError) as refused:
        check_issuer_in_force(body, FIRST_COMMUNE_DAY)

    assert str(refused.value).endswith("văn bản ngày 01/07/2025 do “UBND xã Hợp Nhất” ban hành.")


def test_a_signer_out_of_office_on_the_date_is_refused(window, office, office_body, run_on_commit):
    Signer.objects.filter(issuer=office_body).update(valid_to=LAST_DISTRICT_DAY)
    draft = run_on_commit(request_document, "registration_report", window, by=office)
    signer = office_body.signers.first()

    with pytest.raises(DocumentError) as refused:
        issue_document(draft, by=office, signer=signer, today=FIRST_COMMUNE_DAY)
    with pytest.raises(DocumentError) as no_default:
        issue_document(draft, by=office, today=FIRST_COMMUNE_DAY)

    assert str(refused.value) == (
        "Người ký không thuộc cơ quan ban hành hoặc không đương nhiệm ngày 01/07/2025."
    )
    assert str(no_default.value) == (
        "“Phòng Văn hóa và Thông tin” không có người ký đương nhiệm ngày 01/07/2025; "
        "cần khai báo người ký."
    )
    assert Issuance.objects.count() == 0


def test_the_signer_in_office_on_the_date_signs_and_is_kept_after_he_leaves(
    window, office, office_body, run_on_commit
):
    Signer.objects.filter(issuer=office_body).update(valid_to=LAST_DISTRICT_DAY)
    new_head = Signer.objects.create(
        issuer=office_body,
        full_name="Vũ Minh Tâm",
        position="Trưởng phòng",
        valid_from=FIRST_COMMUNE_DAY,
    )
    first = run_on_commit(request_document, "registration_report", window, by=office)
    second = run_on_commit(request_document, "registration_report", window, by=office)

    before = run_on_commit(issue_document, first, by=office, today=LAST_DISTRICT_DAY)
    after = run_on_commit(issue_document, second, by=office, today=FIRST_COMMUNE_DAY)
    new_head.full_name = "Tên sửa về sau"
    new_head.save()
    before.refresh_from_db()
    after.refresh_from_db()

    assert before.snapshot["letterhead"]["signature"]["name"] == "Nguyễn Văn An"
    assert after.snapshot["letterhead"]["signature"]["name"] == "Vũ Minh Tâm"
    assert after.issuance.signer == new_head
