import datetime

import pytest
from django.conf import settings
from django.core import mail

from core.models import Notice
from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration
from reports import reminders
from reports.models import PeriodicReport, PeriodKind, ReminderOffset, SentReminder
from reports.tasks import send_deadline_reminders
from units.models import User

from ..factories import RegistrationFactory, UnitFactory, UserFactory, WindowFactory
from .factories import PeriodFactory, PeriodicReportFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def units(campaign):
    """A, B, C have members; D has none; E ended last year. A and B started registering."""
    made = {
        "A": UnitFactory(name="UBND xã A"),
        "B": UnitFactory(name="UBND xã B"),
        "C": UnitFactory(name="UBND xã C"),
        "D": UnitFactory(name="UBND xã D"),
        "E": UnitFactory(name="UBND xã E", valid_to=D(2024, 12, 31)),
    }
    for key in "ABC":
        UserFactory(unit=made[key], username=f"canbo-{key}")
    UserFactory(unit=made["A"], head=True, username="truong-A")
    UserFactory(unit=made["E"], username="canbo-E")
    return made


@pytest.fixture
def window_2025(campaign):
    return WindowFactory(
        campaign=campaign, year=2025, opens_on=D(2025, 1, 1), deadline_on=D(2025, 2, 20)
    )


def run_on(time_machine, django_capture_on_commit_callbacks, day):
    """Run the daily job at 06:30 on `day`; return {unit name: notice count} of that run."""
    time_machine.move_to(
        datetime.datetime.combine(day, datetime.time(6, 30), tzinfo=LOCAL_TZ), tick=False
    )
    before = set(Notice.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.send_deadline_reminders()
    counts = {}
    for notice in Notice.objects.exclude(pk__in=before).select_related("user__unit"):
        counts[notice.user.unit.name] = counts.get(notice.user.unit.name, 0) + 1
    return counts


def test_registration_reminders_go_out_7_and_2_days_before_and_on_the_last_day(
    window_2025, units, time_machine, django_capture_on_commit_callbacks
):
    member = {key: User.objects.filter(unit=units[key]).first() for key in "AB"}
    RegistrationFactory(window=window_2025, unit=units["B"], created_by=member["B"])  # a draft
    sent = {}
    for day in range(10, 21):
        if day == 14:  # A's head submits on 14/02, between the first and second reminder
            RegistrationFactory(
                window=window_2025,
                unit=units["A"],
                created_by=member["A"],
                status=Registration.Status.SUBMITTED,
                first_submitted_at=datetime.datetime(2025, 2, 14, 9, tzinfo=LOCAL_TZ),
                is_late=False,
            )
        got = run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, day))
        if got:
            sent[day] = got

    # "Trước ngày 20/02": the last on-time day is 19/02. D has no members, E is gone.
    assert sent == {
        12: {"UBND xã A": 2, "UBND xã B": 1, "UBND xã C": 1},
        17: {"UBND xã B": 1, "UBND xã C": 1},
        19: {"UBND xã B": 1, "UBND xã C": 1},
    }
    assert sorted(
        SentReminder.objects.filter(unit=units["D"]).values_list("days_before", flat=True)
    ) == [0, 2, 7]
    assert SentReminder.objects.filter(unit=units["E"]).count() == 0


def test_reminder_texts_say_how_long_is_left_and_link_to_the_page(
    window_2025, units, time_machine, django_capture_on_commit_callbacks
):
    run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, 12))
    run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, 19))

    texts = list(
        Notice.objects.filter(user__username="canbo-C").order_by("pk").values_list("text", "url")
    )
    assert texts == [
        (
            "Đăng ký thi đua năm 2025 của UBND xã C: hạn gửi trước ngày 20/02/2025, còn 7 ngày.",
            "/dang-ky/cua-don-vi/",
        ),
        (
            "Đăng ký thi đua năm 2025 của UBND xã C: hạn gửi trước ngày 20/02/2025, "
            "hôm nay là ngày cuối để gửi đúng hạn.",
            "/dang-ky/cua-don-vi/",
        ),
    ]
    assert [m.subject for m in mail.outbox if m.to == ["canbo-C@example.invalid"]] == [
        "[Thi đua số] Nhắc hạn đăng ký thi đua năm 2025"
    ] * 2


def test_running_the_job_twice_a_day_sends_nothing_twice(
    window_2025, units, time_machine, django_capture_on_commit_callbacks
):
    first = run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, 17))
    outbox = len(mail.outbox)

    second = run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, 17))

    assert first == {"UBND xã A": 2, "UBND xã B": 1, "UBND xã C": 1}
    assert second == {}
    assert len(mail.outbox) == outbox
    # A, B, C, D and the campaign's two offices (units without members here).
    assert SentReminder.objects.filter(days_before=2).count() == 6


def test_a_missed_day_is_caught_up_once_with_the_latest_offset(
    window_2025, units, time_machine, django_capture_on_commit_callbacks
):
    sent = {
        day: run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, day))
        for day in (13, 14, 16)
    }

    assert sent[13] == {"UBND xã A": 2, "UBND xã B": 1, "UBND xã C": 1}  # the 7-day one, a day late
    assert sent[14] == sent[16] == {}
    assert set(SentReminder.objects.values_list("days_before", flat=True)) == {7}


def test_offsets_are_data(window_2025, units, time_machine, django_capture_on_commit_callbacks):
    ReminderOffset.objects.filter(days_before=2).update(is_active=False)
    ReminderOffset.objects.create(days_before=10)

    sent = {
        day: run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, day))
        for day in range(8, 20)
    }

    assert [day for day, got in sent.items() if got] == [9, 12, 19]


def test_periodic_report_reminders_skip_units_whose_report_was_received(
    campaign, units, time_machine, django_capture_on_commit_callbacks
):
    period = PeriodFactory(
        campaign=campaign, year=2025, kind=PeriodKind.SIX_MONTH
    )  # before 20/06/2025
    returned = PeriodicReportFactory(
        period=period,
        unit=units["A"],
        created_by=User.objects.get(username="canbo-A"),
        status=PeriodicReport.Status.RETURNED,
        first_submitted_at=datetime.datetime(2025, 6, 1, tzinfo=LOCAL_TZ),
    )
    PeriodicReportFactory(
        period=period, unit=units["B"], created_by=User.objects.get(username="canbo-B")
    )

    got = run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 6, 12))

    assert returned.unit.name not in got
    assert got == {"UBND xã B": 1, "UBND xã C": 1}
    assert Notice.objects.get(user__username="canbo-B").text == (
        "Báo cáo 6 tháng đầu năm 2025 của UBND xã B: hạn gửi trước ngày 20/06/2025, còn 7 ngày."
    )


def test_inactive_campaigns_get_no_reminders(
    window_2025, units, time_machine, django_capture_on_commit_callbacks
):
    window_2025.campaign.is_active = False
    window_2025.campaign.save()

    assert run_on(time_machine, django_capture_on_commit_callbacks, D(2025, 2, 12)) == {}


@pytest.mark.parametrize(
    "days_left,expected", [(8, None), (7, 7), (5, 7), (2, 2), (1, 2), (0, 0), (-1, None)]
)
def test_due_offset_is_the_smallest_offset_not_below_the_days_left(days_left, expected):
    assert reminders.due_offset([7, 2, 0], days_left) == expected


def test_the_beat_schedule_runs_the_reminder_task_daily(window_2025, units, time_machine):
    time_machine.move_to(datetime.datetime(2025, 2, 12, 6, 30, tzinfo=LOCAL_TZ), tick=False)
    entry = settings.CELERY_BEAT_SCHEDULE["reports-deadline-reminders"]

    result = send_deadline_reminders.delay()

    assert entry["task"] == send_deadline_reminders.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {30})
    # A, B, C, and D and the campaign's two offices (no members, recorded all the same).
    assert result.get() == 6
