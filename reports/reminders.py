"""Deadline reminders: registration and periodic-report deadlines, run daily by Celery beat.

A reminder goes to the members of each unit that has not submitted, at the offsets in
ReminderOffset (default 7 and 2 days before the last on-time day, and on that day).
A unit the office gave an extension is reminded against its own date, not the year's.
Deadlines are read "trước ngày D" (registrations/deadlines.py), so the last day to
submit on time is D − 1 and offset 0 means "today is the last day".
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import notify_users
from core.text import short_date
from registrations.models import DeadlineExtension, Registration, RegistrationWindow
from units.models import UNIT_ROLES, Unit, User

from .models import DeadlineKind, PeriodicReport, ReminderOffset, ReportingPeriod, SentReminder


def due_offset(offsets, days_left):
    """The offset whose reminder is due with `days_left` days to the last day, or None.

    The smallest offset not below `days_left`: on a normal daily run that is the offset
    of the day itself; after a missed day it is the latest one missed (sent late once,
    never the earlier ones on top of it).
    """
    if days_left < 0:
        return None
    due = [offset for offset in offsets if offset >= days_left]
    return min(due) if due else None


def send_deadline_reminders(today=None):
    """Send today's reminders; return how many units were reminded.

    Never twice for the same unit, deadline and offset (SentReminder's unique
    constraint, checked row by row so two concurrent runs cannot both send), and
    never to a unit that has submitted (a returned submission counts as submitted:
    its timing is already decided). Side effects: SentReminder rows, in-portal
    notices and e-mails to the unit's active members.
    """
    today = today or timezone.localdate()
    offsets = list(
        ReminderOffset.objects.filter(is_active=True).values_list("days_before", flat=True)
    )
    if not offsets:
        return 0
    # Deadlines D whose last day D − 1 lies between today and today + the largest offset.
    first, last = (
        today + datetime.timedelta(days=1),
        today + datetime.timedelta(days=max(offsets) + 1),
    )
    count = 0
    windows = RegistrationWindow.objects.filter(
        campaign__is_active=True, deadline_on__range=(first, last)
    ).select_related("campaign")
    for window in windows:
        offset = due_offset(offsets, (window.last_day_on - today).days)
        if offset is None:
            continue
        # A unit with an extension is reminded of its own date (below), never of the year's.
        units = _not_registered(window, today).exclude(
            pk__in=DeadlineExtension.objects.filter(window=window).values("unit_id")
        )
        count += _remind_registration(units, window, window.deadline_on, offset, today)
    extensions = DeadlineExtension.objects.filter(
        window__campaign__is_active=True, deadline_on__range=(first, last)
    ).select_related("window__campaign")
    for extension in extensions:
        window = extension.window
        last_day = extension.deadline_on - datetime.timedelta(days=1)
        offset = due_offset(offsets, (last_day - today).days)
        if offset is None:
            continue
        units = _not_registered(window, today).filter(pk=extension.unit_id)
        count += _remind_registration(units, window, extension.deadline_on, offset, today)
    periods = ReportingPeriod.objects.filter(
        campaign__is_active=True, due_on__range=(first, last)
    ).select_related("campaign")
    for period in periods:
        offset = due_offset(offsets, (period.last_day_on - today).days)
        if offset is None:
            continue
        submitted = PeriodicReport.objects.filter(period=period).received()
        units = (
            Unit.objects.within(period.campaign.organisation_id)
            .active_on(period.ends_on)
            .exclude(pk__in=submitted.values("unit_id"))
        )
        count += _remind(
            units,
            kind=DeadlineKind.PERIODIC_REPORT,
            source_id=period.pk,
            deadline_on=period.due_on,
            offset=offset,
            subject=_("Nhắc hạn gửi báo cáo %(period)s") % {"period": period.phrase},
            what=_("Báo cáo %(period)s") % {"period": period.phrase},
            url=reverse("reports:periodic_mine"),
            today=today,
        )
    return count


def _not_registered(window, today):
    submitted = Registration.objects.filter(window=window, first_submitted_at__isnull=False)
    return (
        Unit.objects.within(window.campaign.organisation_id)
        .active_on(today)
        .exclude(pk__in=submitted.values("unit_id"))
    )


def _remind_registration(units, window, deadline_on, offset, today):
    return _remind(
        units,
        kind=DeadlineKind.REGISTRATION,
        source_id=window.pk,
        deadline_on=deadline_on,
        offset=offset,
        subject=_("Nhắc hạn đăng ký thi đua năm %(year)s") % {"year": window.year},
        what=_("Đăng ký thi đua năm %(year)s") % {"year": window.year},
        url=reverse("registrations:mine"),
        today=today,
    )


def _remind(units, *, kind, source_id, deadline_on, offset, subject, what, url, today):
    key = {"deadline_kind": kind, "source_id": source_id, "deadline_on": deadline_on}
    already = SentReminder.objects.filter(days_before=offset, **key).values("unit_id")
    days_left = (deadline_on - datetime.timedelta(days=1) - today).days
    when = (
        _("hôm nay là ngày cuối để gửi đúng hạn")
        if days_left == 0
        else _("còn %(days)s ngày") % {"days": days_left}
    )
    count = 0
    for unit in units.exclude(pk__in=already):
        with transaction.atomic():
            reminder, created = SentReminder.objects.get_or_create(
                unit=unit, days_before=offset, **key
            )
            if not created:  # a concurrent run sent it
                continue
            members = list(User.objects.filter(unit=unit, role__in=UNIT_ROLES, is_active=True))
            notify_users(
                members,
                subject=subject,
                text=_("%(what)s của %(unit)s: hạn gửi trước ngày %(deadline)s, %(when)s.")
                % {
                    "what": what,
                    "unit": unit.name,
                    "deadline": short_date(deadline_on),
                    "when": when,
                },
                url=url,
            )
            reminder.recipients = len(members)
            reminder.save(update_fields=["recipients"])
        count += 1
    return count
