"""The fund a decision proposes is that of the body deciding the award on the day."""

import datetime

import pytest

from documents.models import IssuingBody
from dossiers.queries import fund_name
from registrations.models import CampaignRole
from registrations.services import hand_over_campaign

pytestmark = pytest.mark.django_db
HANDOVER = datetime.date(2025, 7, 1)


def test_the_fund_is_that_of_the_body_deciding_on_the_day(campaign, admin_user, giay_khen):
    commune = IssuingBody.objects.create(
        code="ubnd-xa-hop-nhat",
        name="Ủy ban nhân dân\nxã Hợp Nhất",
        full_name="Ủy ban nhân dân xã Hợp Nhất",
        abbreviation="UBND",
        place_name="Hợp Nhất",
        valid_from=HANDOVER,
    )
    hand_over_campaign(
        campaign,
        on=HANDOVER,
        assignments=[(CampaignRole.Kind.AWARD_AUTHORITY, commune)],
        by=admin_user,
        reason="Chính quyền địa phương hai cấp",
    )

    assert fund_name(campaign, giay_khen, datetime.date(2025, 6, 30)) == (
        "Quỹ Thi đua, khen thưởng của Ủy ban nhân dân huyện Thử Nghiệm"
    )
    assert fund_name(campaign, giay_khen, HANDOVER) == (
        "Quỹ Thi đua, khen thưởng của Ủy ban nhân dân xã Hợp Nhất"
    )
