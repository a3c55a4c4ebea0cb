import datetime

import pytest

from registrations.deadlines import LOCAL_TZ, cutoff, deadline_for, describe_time_left, is_on_time
from registrations.models import DeadlineOverride, RegistrationWindow
from registrations.services import ensure_windows
from tests.factories import CampaignFactory, WindowFactory

UTC = datetime.UTC


def local(*args):
    return datetime.datetime(*args, tzinfo=LOCAL_TZ)


def test_last_second_of_the_eve_is_on_time():
    assert is_on_time(local(2024, 2, 19, 23, 59, 59), datetime.date(2024, 2, 20)) is True


def test_midnight_of_the_deadline_day_is_late():
    assert is_on_time(local(2024, 2, 20, 0, 0, 0), datetime.date(2024, 2, 20)) is False


def test_deadline_is_read_in_vietnam_time_not_utc():
    # 16:59:59 UTC on 19/2 is 23:59:59 in Hà Nội: on time; 17:00 UTC is 00:00 on 20/2: late.
    assert (
        is_on_time(
            datetime.datetime(2024, 2, 19, 16, 59, 59, tzinfo=UTC), datetime.date(2024, 2, 20)
        )
        is True
    )
    assert (
        is_on_time(datetime.datetime(2024, 2, 19, 17, 0, 0, tzinfo=UTC), datetime.date(2024, 2, 20))
        is False
    )


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        is_on_time(datetime.datetime(2024, 2, 19, 12), datetime.date(2024, 2, 20))


def test_cutoff_is_local_midnight():
    assert cutoff(datetime.date(2022, 4, 12)) == local(2022, 4, 12, 0, 0)


class _Override:
    def __init__(self, year, day, month):
        self.year, self.day, self.month = year, day, month


def test_2022_override_moves_the_deadline_to_12_april():
    overrides = [_Override(2022, 12, 4)]

    assert deadline_for(
        2022, default_day=20, default_month=2, overrides=overrides
    ) == datetime.date(2022, 4, 12)
    assert deadline_for(
        2023, default_day=20, default_month=2, overrides=overrides
    ) == datetime.date(2023, 2, 20)


def test_a_2022_registration_in_march_is_on_time_under_the_override():
    deadline = deadline_for(
        2022, default_day=20, default_month=2, overrides=[_Override(2022, 12, 4)]
    )

    assert is_on_time(local(2022, 3, 15, 10), deadline) is True
    assert is_on_time(local(2022, 4, 11, 23, 59, 59), deadline) is True
    assert is_on_time(local(2022, 4, 12, 0, 0), deadline) is False


@pytest.mark.django_db
def test_ensure_windows_derives_one_window_per_year_from_the_rule(campaign):
    DeadlineOverride.objects.create(campaign=campaign, year=2022, day=12, month=4)

    created = ensure_windows(campaign)

    assert [(w.year, w.deadline_on) for w in created] == [
        (2022, datetime.date(2022, 4, 12)),
        (2023, datetime.date(2023, 2, 20)),
        (2024, datetime.date(2024, 2, 20)),
        (2025, datetime.date(2025, 2, 20)),
    ]


@pytest.mark.django_db
def test_ensure_windows_keeps_an_edited_window(campaign):
    ensure_windows(campaign)
    campaign.windows.filter(year=2023).update(deadline_on=datetime.date(2023, 3, 1))

    created = ensure_windows(campaign)

    assert created == []
    assert campaign.windows.get(year=2023).deadline_on == datetime.date(2023, 3, 1)


def test_time_left_is_described_in_vietnamese():
    assert describe_time_left(datetime.timedelta(days=3, hours=5)) == "còn 3 ngày 5 giờ"
    assert describe_time_left(datetime.timedelta(hours=2, minutes=30)) == "còn 2 giờ 30 phút"
    assert describe_time_left(datetime.timedelta(days=-5, hours=-1)) == "đã quá hạn 5 ngày"


def _window(campaign, year):
    return WindowFactory(
        campaign=campaign,
        year=year,
        opens_on=datetime.date(year, 1, 1),
        deadline_on=datetime.date(year, 2, 20),
    )


def test_the_current_window_is_this_years_else_the_latest_past_one(
    campaign, django_assert_num_queries
):
    _window(campaign, 2023), _window(campaign, 2024), _window(campaign, 2027)
    retired = CampaignFactory(is_active=False)
    _window(retired, 2026)
    windows = RegistrationWindow.objects.all()

    with django_assert_num_queries(1):  # with its campaign
        past = windows.current(datetime.date(2026, 12, 2))
        assert past.campaign.name == campaign.name
    this_year = _window(CampaignFactory(), 2026)

    assert (past.campaign_id, past.year) == (campaign.pk, 2024)  # not the future, not retired
    assert windows.current(datetime.date(2026, 12, 2)) == this_year
    assert windows.current(datetime.date(2022, 6, 1)) is None
