"""The one reading of "trước ngày D" (plan IV.1): on time when submitted before 00:00 of D.

Everything is in the campaign's local time, Asia/Ho_Chi_Minh: 23:59:59 on the eve of
D is on time, 00:00:00 on D is late.
"""

import datetime
import zoneinfo

LOCAL_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def cutoff(deadline_on):
    """The first instant that is late for a deadline "before `deadline_on`"."""
    return datetime.datetime.combine(deadline_on, datetime.time.min, tzinfo=LOCAL_TZ)


def effective_deadline(deadline_on, extended_on=None):
    """The day D a unit is held to: the office's extension for that unit when it granted
    one (a later day, by exception), else the year's deadline."""
    return max(deadline_on, extended_on) if extended_on else deadline_on


def is_on_time(submitted_at, deadline_on, *, extended_on=None):
    """Submitted before 00:00 of D, D being the unit's extension when it has one."""
    if submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be timezone-aware")
    return submitted_at < cutoff(effective_deadline(deadline_on, extended_on))


def deadline_for(year, *, default_day, default_month, overrides=None):
    """Deadline day D of `year`: the per-year override when there is one, else the default."""
    for override in overrides or ():
        if override.year == year:
            return datetime.date(year, override.month, override.day)
    return datetime.date(year, default_month, default_day)


def time_left(deadline_on, now):
    """Time left before the cutoff (negative when it has passed)."""
    return cutoff(deadline_on) - now


def describe_time_left(delta):
    """'còn 12 ngày 3 giờ' before the cutoff, 'đã quá hạn 5 ngày' after it."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        days = (-seconds) // 86400
        return f"đã quá hạn {days} ngày" if days else "đã quá hạn"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"còn {days} ngày {hours} giờ"
    return f"còn {hours} giờ {rest // 60} phút"
