"""Helpers shared by the apps' demo data: a unit's head account and a moment of a demo day;
the demo's extension by exception."""

import datetime

from units.models import Role, User

from .deadlines import LOCAL_TZ
from .models import Registration
from .services import grant_extension


def unit_head(unit, password):
    """The unit's head, created with a demo account when the unit has none."""
    head = User.objects.filter(unit=unit, role=Role.UNIT_HEAD).first()
    if head is None:
        head = User.objects.create(
            username=f"{unit.code}.truong",
            full_name=f"Thủ trưởng {unit.short_name or unit.name}",
            role=Role.UNIT_HEAD,
            unit=unit,
            password=password,
            email="",
        )
    return head


def moment(day, hour=9):
    """`hour` o'clock local time on `day`."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL_TZ)


def load_extension(campaign, office):
    """The office gave the first unit that registered late in the campaign's last year ten
    more days, the day after it sent: its registration is judged on time again."""
    window = campaign.windows.order_by("-year").first()
    late = (
        Registration.objects.filter(window=window, is_late=True)
        .select_related("unit")
        .order_by("unit__code")
        .first()
    )
    if window is None or late is None or window.extensions.exists():
        return None
    return grant_extension(
        window,
        late.unit,
        by=office,
        deadline_on=window.deadline_on + datetime.timedelta(days=10),
        reason=(
            "Đơn vị đề nghị gia hạn do mưa lũ gây sạt lở, mất kết nối mạng trên địa bàn "
            "trong những ngày cuối của hạn đăng ký."
        ),
        now=late.first_submitted_at + datetime.timedelta(days=1),
    )
