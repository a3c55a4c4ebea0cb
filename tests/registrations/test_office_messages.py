"""A refusal names the campaign's standing office from its data (issue 9): a commune's
Phòng Văn hóa - Xã hội, not the district's Phòng Văn hóa và Thông tin."""

import datetime

import pytest

from documents.services import DocumentError
from registrations import services
from registrations.roles import office_only, roles_on

from ..factories import CampaignFactory


def test_before_the_handover_the_refusal_names_the_district_office(campaign, time_machine):
    time_machine.move_to(datetime.datetime(2025, 6, 30, 9, tzinfo=datetime.UTC))
    assert office_only(campaign, "xử lý đăng ký thi đua") == (
        "Chỉ cơ quan thường trực phong trào (Phòng Văn hóa và Thông tin) mới xử lý đăng ký thi đua."
    )


def test_after_the_handover_a_refusal_names_the_communes_office(
    commune_office, window, unit, staff, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 9, 15, 9, tzinfo=datetime.UTC))
    with pytest.raises(services.RegistrationError) as refused:
        services.grant_extension(
            window,
            unit,
            by=staff,
            deadline_on=datetime.date(2025, 10, 1),
            reason="Đơn vị mới thành lập",
        )
    assert str(refused.value) == (
        "Chỉ cơ quan thường trực phong trào (Phòng Văn hóa - Xã hội xã Hợp Nhất) mới gia hạn "
        "đăng ký cho đơn vị."
    )
    assert "Phòng Văn hóa và Thông tin" not in str(refused.value)


def test_without_a_campaign_the_refusal_names_no_office():
    assert office_only(None, "thực hiện được thao tác này") == (
        "Chỉ cơ quan thường trực phong trào mới thực hiện được thao tác này."
    )


def test_a_campaign_without_assignments_is_refused_rather_than_guessed(db):
    """No single field to fall back on: a paper needs an assignment covering its day."""
    campaign = CampaignFactory(roles=False)
    with pytest.raises(DocumentError) as refused:
        roles_on(campaign, datetime.date(2024, 1, 1)).plan_basis()
    assert str(refused.value) == (
        f"Phong trào “{campaign.name}” chưa có cơ quan ban hành kế hoạch ngày 01/01/2024 "
        "(quản trị hệ thống cần bàn giao)."
    )
    assert campaign.founding_authority() is None
