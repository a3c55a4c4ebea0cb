"""A unit acts only on days it exists (mergers of 1/7/2025)."""

import datetime

import pytest

from registrations.models import Registration
from registrations.queries import expected_units
from registrations.services import RegistrationError, start_registration
from tests.factories import UnitFactory, UserFactory, WindowFactory

LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def window_2025(campaign):
    return WindowFactory(
        campaign=campaign,
        year=2025,
        opens_on=datetime.date(2025, 1, 1),
        deadline_on=datetime.date(2025, 2, 20),
    )


@pytest.fixture
def merged():
    new = UnitFactory(name="UBND xã Hợp Nhất", valid_from=datetime.date(2025, 7, 1))
    old = UnitFactory(name="UBND xã Cũ", valid_to=datetime.date(2025, 6, 30), successor=new)
    return old, new


def test_a_commune_cannot_register_before_it_existed(window_2025, merged):
    _old, new = merged
    staff = UserFactory(unit=new)

    with pytest.raises(RegistrationError) as refused:
        start_registration(
            window_2025, by=staff, now=datetime.datetime(2025, 6, 30, 23, tzinfo=LOCAL_TZ)
        )

    assert str(refused.value) == (
        "UBND xã Hợp Nhất chỉ hoạt động từ ngày 01/07/2025; không thực hiện được ngày 30/06/2025."
    )
    assert Registration.objects.count() == 0


def test_a_commune_registers_late_from_its_first_day(window_2025, merged):
    _old, new = merged
    staff = UserFactory(unit=new)

    registration = start_registration(
        window_2025, by=staff, now=datetime.datetime(2025, 7, 1, 8, tzinfo=LOCAL_TZ)
    )

    assert registration.unit == new
    # Expected: the old commune (in force when the window closed) and the new one (registered).
    assert set(expected_units(window_2025).filter(pk__in=[u.pk for u in merged])) == set(merged)


def test_a_commune_created_after_the_window_is_not_expected_until_it_registers(window_2025, merged):
    old, new = merged

    assert set(expected_units(window_2025).filter(pk__in=[old.pk, new.pk])) == {old}


def test_a_merged_commune_cannot_act_after_its_last_day(window_2025, merged):
    old, _new = merged
    staff = UserFactory(unit=old)

    with pytest.raises(RegistrationError) as refused:
        start_registration(
            window_2025, by=staff, now=datetime.datetime(2025, 7, 1, 8, tzinfo=LOCAL_TZ)
        )

    assert str(refused.value) == (
        "UBND xã Cũ đã thôi hoạt động từ sau ngày 30/06/2025. Đơn vị kế thừa: UBND xã Hợp Nhất."
    )
