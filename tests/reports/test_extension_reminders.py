"""Reminders honour a unit's extension: no reminder against the year's deadline, the
reminders of its own date instead."""

import datetime

import pytest

from core.models import Notice
from registrations import services as registration_services
from registrations.deadlines import LOCAL_TZ
from reports import reminders

from ..factories import UnitFactory, UserFactory, WindowFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def run_on(time_machine, django_capture_on_commit_callbacks, day):
    time_machine.move_to(
        datetime.datetime.combine(day, datetime.time(6, 30), tzinfo=LOCAL_TZ), tick=False
    )
    before = set(Notice.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_deadline_reminders()
    return {n.user.unit.name: n.text for n in Notice.objects.exclude(pk__in=before)}


def test_an_extended_unit_is_reminded_of_its_own_date_only(
    campaign, office, time_machine, django_capture_on_commit_callbacks
):
    window = WindowFactory(
        campaign=campaign, year=2025, opens_on=D(2025, 1, 1), deadline_on=D(2025, 2, 20)
    )
    extended, other = UnitFactory(name="UBND xã Gia Hạn"), UnitFactory(name="UBND xã Khác")
    UserFactory(unit=extended)
    UserFactory(unit=other)
    registration_services.grant_extension(
        window,
        extended,
        by=office,
        deadline_on=D(2025, 3, 5),
        reason="Mất mạng do mưa lũ.",
        now=datetime.datetime(2025, 2, 1, 9, tzinfo=LOCAL_TZ),
    )

    sent = {}
    for day in range(1, 33):
        got = run_on(
            time_machine,
            django_capture_on_commit_callbacks,
            D(2025, 2, 10) + datetime.timedelta(days=day),
        )
        for name, text in got.items():
            sent.setdefault(name, []).append(text)

    # The year's date (before 20/02): only the other unit, three times.
    assert len(sent["UBND xã Khác"]) == 3
    assert all("trước ngày 20/02/2025" in text for text in sent["UBND xã Khác"])
    # Its own date (before 05/03): 7 and 2 days before the last day 04/03, and on it.
    assert len(sent["UBND xã Gia Hạn"]) == 3
    assert all("trước ngày 05/03/2025" in text for text in sent["UBND xã Gia Hạn"])
    assert "hôm nay là ngày cuối" in sent["UBND xã Gia Hạn"][-1]
