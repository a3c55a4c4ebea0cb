"""Issuing bodies, signers and document types of the Mường Khương demo (people invented).

Units issue their own papers through bodies derived from the unit data on first use
(services.issuer_for_unit); only the district, its culture office and its council
are seeded here, with the province as the district's parent.
"""

import datetime

from .kinds import all_kinds
from .letterhead import committee_fields
from .models import DocumentType, IssuingBody, Signer
from .services import document_type_for

LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
FIRST_TWO_LEVEL_DAY = datetime.date(2025, 7, 1)

# Decree 30/2020, Annex III: the types the movement's papers use.
DOCUMENT_TYPES = [
    ("bao-cao", "Báo cáo", "BC"),
    ("to-trinh", "Tờ trình", "TTr"),
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("bien-ban", "Biên bản", "BB"),
    ("thong-bao", "Thông báo", "TB"),
    ("huong-dan", "Hướng dẫn", "HD"),
    ("giay-moi", "Giấy mời", "GM"),
]


def load(campaign, *, issuer_name, office_unit):
    """Seed the demo's issuing bodies and signers; safe to run twice. `issuer_name` is
    the committee that issued the plan, `office_unit` the culture office's unit."""
    for code, name, abbreviation in DOCUMENT_TYPES:
        DocumentType.objects.get_or_create(
            code=code, defaults={"name": name, "abbreviation": abbreviation}
        )
    for kind in all_kinds():
        document_type_for(kind)
    place = campaign.locality_name
    province = _body(
        "ubnd-tinh-lao-cai",
        **committee_fields("UBND tỉnh Lào Cai"),
        abbreviation="UBND",
        place_name="Lào Cai",
    )
    # The district level ends on 30/6/2025 (two-level government from 1/7/2025): its
    # bodies and signers are dated, and the province takes over their papers.
    district = _body(
        "ubnd-huyen",
        **committee_fields(issuer_name),
        abbreviation="UBND",
        parent=province,
        place_name=place,
        valid_to=LAST_DISTRICT_DAY,
        successor=province,
    )
    provincial_office = _body(
        "so-vh-tt-du-lich",
        name="Sở Văn hóa, Thể thao và Du lịch",
        full_name="Sở Văn hóa, Thể thao và Du lịch tỉnh Lào Cai",
        abbreviation="SVHTTDL",
        parent=province,
        place_name="Lào Cai",
        valid_from=FIRST_TWO_LEVEL_DAY,
    )
    provincial_council = _body(
        "hoi-dong-tdkt-tinh",
        name="Hội đồng Thi đua –\nKhen thưởng",
        full_name="Hội đồng Thi đua – Khen thưởng tỉnh Lào Cai",
        abbreviation="HĐTĐKT",
        parent=province,
        place_name="Lào Cai",
        valid_from=FIRST_TWO_LEVEL_DAY,
    )
    provincial_home_affairs = _body(
        "so-noi-vu",
        name="Sở Nội vụ",
        full_name="Sở Nội vụ tỉnh Lào Cai",
        abbreviation="SNV",
        parent=province,
        place_name="Lào Cai",
        valid_from=FIRST_TWO_LEVEL_DAY,
    )
    culture = _body(
        "phong-vh-tt",
        name="Phòng Văn hóa và Thông tin",
        abbreviation="VHTT",
        parent=district,
        unit=office_unit,
        place_name=place,
        valid_to=LAST_DISTRICT_DAY,
        successor=provincial_office,
    )
    council = _body(
        "hoi-dong-tdkt",
        name="Hội đồng Thi đua –\nKhen thưởng",
        full_name=f"Hội đồng Thi đua – Khen thưởng huyện {place}",
        abbreviation="HĐTĐKT",
        parent=district,
        place_name=place,
        valid_to=LAST_DISTRICT_DAY,
        successor=provincial_council,
    )
    _signer(
        district, "Lương Văn Thành", "Chủ tịch", Signer.Authority.TM, "Ủy ban nhân dân", order=1
    )
    _signer(
        district,
        "Hoàng Thị Lan",
        "Phó Chủ tịch",
        Signer.Authority.TM,
        "Ủy ban nhân dân\nKT. Chủ tịch",
        order=2,
    )
    _signer(culture, "Nguyễn Văn An", "Trưởng phòng", Signer.Authority.NONE, "", order=1)
    _signer(
        culture, "Đỗ Thị Hồng", "Phó Trưởng phòng", Signer.Authority.KT, "Trưởng phòng", order=2
    )
    _signer(council, "Lương Văn Thành", "Chủ tịch", Signer.Authority.TM, "Hội đồng", order=1)
    Signer.objects.filter(issuer__in=[district, culture, council]).update(
        valid_to=LAST_DISTRICT_DAY
    )
    _signer(
        province, "Nguyễn Thành Trung", "Chủ tịch", Signer.Authority.TM, "Ủy ban nhân dân", order=1
    )
    _signer(provincial_office, "Hà Thị Thu", "Giám đốc", Signer.Authority.NONE, "", order=1)
    _signer(provincial_home_affairs, "Lý Văn Hoàng", "Giám đốc", Signer.Authority.NONE, "", order=1)
    _signer(
        provincial_council,
        "Nguyễn Thành Trung",
        "Chủ tịch",
        Signer.Authority.TM,
        "Hội đồng",
        order=1,
    )
    return [
        province,
        district,
        culture,
        council,
        provincial_office,
        provincial_council,
        provincial_home_affairs,
    ]


def _body(code, **fields):
    body, _created = IssuingBody.objects.get_or_create(code=code, defaults=fields)
    return body


def _signer(issuer, full_name, position, authority, authority_of, *, order):
    Signer.objects.get_or_create(
        issuer=issuer,
        full_name=full_name,
        position=position,
        defaults={"authority": authority, "authority_of": authority_of, "order": order},
    )
