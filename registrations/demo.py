"""Helpers shared by the apps' demo data: a unit's head account and a moment of a demo day."""

import datetime

from units.models import Role, User

from .deadlines import LOCAL_TZ


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
