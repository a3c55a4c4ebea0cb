"""A People's Committee issuing its own paper, and its offices (Decree 30/2020, Annex I)."""

import datetime

import pytest

from documents.letterhead import build_letterhead, committee_fields
from documents.models import DocumentType, IssuingBody, Signer
from documents.services import issuer_for_unit, signature_for

from ..factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 2, 5)


@pytest.fixture
def report_type():
    return DocumentType.objects.create(code="bao-cao", name="Báo cáo", abbreviation="BC")


@pytest.fixture
def province():
    return IssuingBody.objects.create(
        code="tinh", **committee_fields("UBND tỉnh Thử Nghiệm"), abbreviation="UBND"
    )


def letterhead(issuer, doc_type, **fields):
    return build_letterhead(
        issuer=issuer,
        doc_type=doc_type,
        title_caps="BÁO CÁO",
        orientation="portrait",
        signature=signature_for(issuer, DAY),
        year=DAY.year,
        **fields,
    )


def test_committee_fields_spell_out_the_committee_and_keep_the_short_name_for_offices():
    assert committee_fields("UBND huyện Mường Khương") == {
        "name": "Ủy ban nhân dân\nhuyện Mường Khương",
        "full_name": "Ủy ban nhân dân huyện Mường Khương",
        "parent_line": "UBND huyện Mường Khương",
        "shows_parent": False,
        "collective_name": "Ủy ban nhân dân",
        "head_position": "Chủ tịch",
    }
    assert committee_fields("Phòng Văn hóa và Thông tin") == {"name": "Phòng Văn hóa và Thông tin"}


def test_a_committee_issuing_its_own_paper_prints_no_parent_and_no_abbreviation(
    district, province, report_type
):
    district.parent = province
    district.save()
    Signer.objects.create(
        issuer=district,
        full_name="Lê Văn Thành",
        position="Chủ tịch",
        authority="TM.",
        authority_of="Ủy ban nhân dân",
        order=1,
    )

    head = letterhead(district, report_type, number=5, issued_on=DAY)

    assert head["parent_lines"] == []
    assert head["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "HUYỆN THỬ NGHIỆM"]
    assert head["number_line"] == "Số: 05/BC-UBND"
    assert head["signature"] == {
        "lines": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "name": "Lê Văn Thành",
    }


def test_a_deputy_signs_for_the_chairman_on_behalf_of_the_committee(district, report_type):
    deputy = Signer.objects.create(
        issuer=district,
        full_name="Hoàng Thị Lan",
        position="Phó Chủ tịch",
        authority="TM.",
        authority_of="Ủy ban nhân dân\nKT. Chủ tịch",
    )

    assert signature_for(district, DAY, signer=deputy)["lines"] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]


def test_the_committees_office_keeps_the_parent_line(office_body, report_type):
    head = letterhead(office_body, report_type)

    assert head["parent_lines"] == ["UBND HUYỆN THỬ NGHIỆM"]
    assert head["issuer_lines"] == ["PHÒNG VĂN HÓA VÀ THÔNG TIN"]
    assert head["signature"]["lines"] == ["TRƯỞNG PHÒNG"]


def test_a_commune_issues_under_its_full_name_signed_for_the_committee_by_its_chairman(
    report_type,
):
    commune = UnitFactory(name="UBND xã Lùng Vai", code="xa-lung-vai", tier="commune")
    UserFactory(unit=commune, head=True, full_name="Vàng Văn Sính", position="Chủ tịch UBND xã")

    body = issuer_for_unit(commune)
    head = letterhead(body, report_type)

    assert head["parent_lines"] == []
    assert head["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "XÃ LÙNG VAI"]
    assert head["signature"] == {
        "lines": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
        "name": "Vàng Văn Sính",
    }


def test_an_agency_unit_signs_with_its_heads_own_position(report_type):
    agency = UnitFactory(name="Phòng Tư pháp", code="phong-tu-phap", tier="district_agency")
    UserFactory(unit=agency, head=True, full_name="Lý Văn Páo", position="Trưởng phòng")

    head = letterhead(issuer_for_unit(agency), report_type)

    assert head["signature"] == {"lines": ["TRƯỞNG PHÒNG"], "name": "Lý Văn Páo"}


def test_an_administrator_can_give_a_body_the_committee_heading_as_data(province, report_type):
    """Nothing in code names a locality: the heading follows the body's stored fields."""
    office = IssuingBody.objects.create(
        code="so", name="Sở Nội vụ", abbreviation="SNV", parent=province, place_name="Thử Nghiệm"
    )
    assert letterhead(office, report_type)["parent_lines"] == ["UBND TỈNH THỬ NGHIỆM"]

    office.shows_parent = False
    office.save()
    assert letterhead(office, report_type)["parent_lines"] == []
