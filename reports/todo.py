"""What is waiting for each role, for the home page: what, by when, and one button to it.

A read across the apps (like the home page itself); each item is a plain dict so the
template stays simple: text, due_on (a date or None), url, button, and whether it is
waiting for someone else ("waiting") rather than for this user.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.text import short_date
from criteria.models import Assessment
from dossiers.models import AwardDecision, AwardProposal, CouncilMeeting, DistrictSubmission
from registrations.models import Campaign, Registration, RegistrationWindow

from .models import PeriodicReport, ReportingPeriod


def _item(text, url, button, due_on=None, waiting=False):
    return {"text": text, "url": url, "button": button, "due_on": due_on, "waiting": waiting}


def _one_each(rows, text, values, url_name, button):
    """One item per row: `text` filled with `values(row)`, a button to the row's page."""
    return [_item(text % values(row), reverse(url_name, args=[row.pk]), button) for row in rows]


def todo_for(user, registration_window=None):
    """The items waiting for `user` (a few queries whatever the data)."""
    if user.is_unit_member:
        return _registration_items(user, registration_window) + _unit_items(user)
    # The district side's counts cover the campaigns of its own organisation only.
    campaigns = Campaign.objects.visible_to(user)
    if user.is_culture_office:
        if (
            registration_window is not None
            and not campaigns.filter(pk=registration_window.campaign_id).exists()
        ):
            registration_window = RegistrationWindow.objects.filter(
                campaign__in=campaigns
            ).current()
        return _office_items(campaigns, registration_window)
    if user.is_council:
        return _council_items(campaigns)
    return []


def _registration_items(user, window):
    """This year's registration, while the unit can still send it."""
    if window is None:
        return []
    registration = Registration.objects.filter(window=window, unit_id=user.unit_id).first()
    if registration is not None and not registration.is_editable:
        return []
    if not window.accepts_submission_at(timezone.now()):
        return []
    deadline = window.last_day_on
    if registration is None:
        return [
            _item(
                _("Lập và gửi đăng ký thi đua năm %(year)s") % {"year": window.year},
                reverse("home") + "#registration",
                _("Lập đăng ký"),
                due_on=deadline,
            )
        ]
    if registration.status == Registration.Status.RETURNED:
        text = _("Sửa và gửi lại đăng ký thi đua năm %(year)s bị trả lại")
        button = _("Xem lý do và sửa")
    elif user.is_unit_head:
        text = _("Gửi đăng ký thi đua năm %(year)s")
        button = _("Xem và gửi")
    else:
        text = _("Hoàn thiện đăng ký thi đua năm %(year)s để thủ trưởng gửi")
        button = _("Xem và hoàn thiện")
    return [
        _item(
            text % {"year": window.year},
            reverse("registrations:detail", args=[registration.pk]),
            button,
            due_on=deadline,
        )
    ]


def _unit_items(user):
    items = []
    today = timezone.localdate()
    is_head = user.is_unit_head
    reports = {
        r.period_id: r
        for r in PeriodicReport.objects.filter(unit_id=user.unit_id).only(
            "id", "period_id", "status"
        )
    }
    periods = ReportingPeriod.objects.filter(
        campaign__is_active=True,
        ends_on__lte=today + datetime.timedelta(days=15),
        due_on__gte=today - datetime.timedelta(days=60),
    ).order_by("due_on")
    for period in periods:
        report = reports.get(period.pk)
        if report is None:
            items.append(
                _item(
                    _("Lập báo cáo %(period)s") % {"period": period.phrase},
                    reverse("reports:periodic_mine"),
                    _("Lập báo cáo"),
                    due_on=period.last_day_on,
                )
            )
        elif report.status in PeriodicReport.EDITABLE:
            returned = report.status == PeriodicReport.Status.RETURNED
            text = (
                _("Sửa và gửi lại báo cáo %(period)s bị trả lại")
                if returned
                else (
                    _("Gửi %(period)s") if is_head else _("Hoàn thiện %(period)s để thủ trưởng gửi")
                )
            )
            items.append(
                _item(
                    text % {"period": period.phrase},
                    reverse("reports:periodic_detail", args=[report.pk]),
                    _("Mở báo cáo"),
                    due_on=period.last_day_on,
                )
            )
    items += _one_each(
        Assessment.objects.filter(
            registration__unit_id=user.unit_id, status=Assessment.Status.RETURNED
        ).select_related("registration__window"),
        _("Sửa và gửi lại kết quả thực hiện tiêu chí năm %(year)s bị trả lại"),
        lambda assessment: {"year": assessment.registration.window.year},
        "criteria:detail",
        _("Mở báo cáo kết quả"),
    )
    items += _one_each(
        AwardProposal.objects.filter(unit_id=user.unit_id, status=AwardProposal.Status.RETURNED),
        _("Sửa và gửi lại hồ sơ khen thưởng năm %(year)s bị trả lại"),
        lambda proposal: {"year": proposal.year},
        "dossiers:proposal_detail",
        _("Mở hồ sơ"),
    )
    return items


def _office_items(campaigns, window):
    registrations = Registration.objects.filter(
        status=Registration.Status.SUBMITTED, window__campaign__in=campaigns
    )
    if window is not None:
        registrations = registrations.filter(window=window)
    # (how many wait, what they are, the page that lists them, its button)
    waiting = [
        (
            registrations.count(),
            gettext_noop("%(n)s bản đăng ký thi đua chờ tiếp nhận"),
            reverse("registrations:list") + (f"?year={window.year}" if window else ""),
            _("Xem và tiếp nhận"),
        ),
        (
            Assessment.objects.filter(
                status=Assessment.Status.SUBMITTED, criterion_set__campaign__in=campaigns
            ).count(),
            gettext_noop("%(n)s báo cáo kết quả tiêu chí chờ chấm"),
            reverse("criteria:queue"),
            _("Mở danh sách chờ chấm"),
        ),
        (
            PeriodicReport.objects.filter(
                status=PeriodicReport.Status.SUBMITTED, period__campaign__in=campaigns
            ).count(),
            gettext_noop("%(n)s báo cáo định kỳ chờ ghi nhận"),
            reverse("reports:period_list"),
            _("Xem các kỳ báo cáo"),
        ),
        (
            AwardProposal.objects.filter(
                status=AwardProposal.Status.SUBMITTED, campaign__in=campaigns
            ).count(),
            gettext_noop("%(n)s hồ sơ đề nghị khen thưởng chờ xét"),
            reverse("dossiers:proposal_list"),
            _("Xét hồ sơ"),
        ),
    ]
    # Vietnamese has one plural form: the same text whatever the count.
    return [
        _item(_(text) % {"n": count}, url, button) for count, text, url, button in waiting if count
    ]


def _council_items(campaigns):
    return (
        _one_each(
            CouncilMeeting.objects.filter(
                status=CouncilMeeting.Status.OPEN, submission__campaign__in=campaigns
            ),
            _("Ghi biểu quyết và kết thúc phiên họp ngày %(day)s"),
            lambda meeting: {"day": short_date(meeting.held_on)},
            "dossiers:meeting_detail",
            _("Mở phiên họp"),
        )
        + _one_each(
            DistrictSubmission.objects.filter(
                status=DistrictSubmission.Status.SENT,
                meetings__isnull=True,
                campaign__in=campaigns,
            ),
            _("Tờ trình khen thưởng năm %(year)s chờ Hội đồng họp xét"),
            lambda submission: {"year": submission.year},
            "dossiers:submission_detail",
            _("Mở tờ trình và lập phiên họp"),
        )
        + _one_each(
            AwardDecision.objects.filter(
                status=AwardDecision.Status.DRAFT, meeting__submission__campaign__in=campaigns
            ).select_related("award_form"),
            _("Ban hành quyết định tặng %(form)s"),
            lambda decision: {"form": decision.award_form},
            "dossiers:decision_detail",
            _("Mở dự thảo quyết định"),
        )
    )
