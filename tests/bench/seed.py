"""Data for the benchmarks: a district with its office, a campaign year and many units.

Plain ORM inserts (bulk where it matters) rather than the test factories, so the
benchmarks run with the runtime dependencies alone.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

TIERS = ("district_agency", "commune", "enterprise", "other")


@dataclass
class District:
    campaign: object
    window: object
    office: object  # a culture office user
    units: list = field(default_factory=list)


def district(*, units, year=2024):
    """A campaign year with `units` units (tiers in turn) and the office's issuing bodies."""
    from documents.models import IssuingBody
    from registrations.models import Campaign, RegistrationWindow
    from units.models import Role, Unit, User

    from .roles import assign_roles

    office_unit = Unit.objects.create(
        code="phong-vh-tt", name="Phòng Văn hóa và Thông tin", tier="district_agency"
    )
    campaign = Campaign.objects.create(
        name="Phong trào thi đua về chuyển đổi số (đo hiệu năng)",
        locality_name="Đo Thử",
        start_year=year,
        end_year=year,
    )
    window = RegistrationWindow.objects.create(
        campaign=campaign,
        year=year,
        opens_on=datetime.date(year, 1, 1),
        deadline_on=datetime.date(year, 2, 20),
    )
    body = IssuingBody.objects.create(
        code="ubnd-huyen", name="UBND huyện Đo Thử", abbreviation="UBND", place_name="Đo Thử"
    )
    IssuingBody.objects.create(
        code="vhtt",
        name="Phòng Văn hóa và Thông tin",
        abbreviation="VHTT",
        parent=body,
        unit=office_unit,
        place_name="Đo Thử",
    )
    assign_roles(campaign, body, office_unit)
    made = Unit.objects.bulk_create(
        Unit(
            code=f"don-vi-{i}",
            name=f"Đơn vị thử nghiệm số {i} – xã Lùng Khấu Nhin, Tả Ngải Chồ",
            tier=TIERS[i % len(TIERS)],
        )
        for i in range(units)
    )
    office = User.objects.create(
        username="vhtt",
        full_name="Nguyễn Thu Hà",
        role=Role.CULTURE_OFFICE,
        password=make_password(None),
    )
    return District(campaign=campaign, window=window, office=office, units=made)


def unit_head(unit):
    from units.models import Role, User

    return User.objects.create(
        username=f"{unit.code}.truong",
        full_name="Vàng Văn Sính",
        role=Role.UNIT_HEAD,
        unit=unit,
        position="Chủ tịch UBND xã",
        password=make_password(None),
    )
