"""Periodic reports (draft → submitted → acknowledged | returned → resubmitted) and the
office's summary reports (edit the narrative, issue: freeze figures and narrative).

Every transition checks the actor's role and the current state, then writes the new
state and a transition record in one transaction. What a unit submitted is frozen as a
Version; an issued summary is frozen in a SummaryIssue.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.datacache import data_changed
from core.heartbeat import beating, queued_before, stale_before
from core.queue import enqueue, enqueue_on_commit
from core.services import notify_users, record_transition
from core.text import nfc
from core.workflow import lock, mark_reviewed, mark_submitted, require_state
from criteria.models import TargetResult
from documents.models import GeneratedDocument
from documents.services import (
    DocumentError,
    issue_document,
    render_document,
    request_document,
)
from registrations.models import Registration, Target
from registrations.roles import office_name, office_only
from registrations.services import RegistrationError, check_unit_in_force
from units.models import Unit, User
from units.queries import office_users

from .models import (
    PeriodicReport,
    PeriodKind,
    ReportingPeriod,
    ReportTarget,
    SummaryIssue,
    SummaryKind,
    SummaryReport,
)
from .permissions import (
    can_edit_periods,
    can_review_periodic_reports,
    can_send_periodic_report,
    can_work_on_periodic_report,
    can_write_summary,
)

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """A refused report action; the message is shown to the user."""


# --- Reporting periods ------------------------------------------------------------------


def default_period_dates(year, kind):
    """(starts_on, ends_on, due_on) by Decree 09/2019/NĐ-CP art. 12 cut-off dates.

    Both periods start on 15/12 of the previous year; the 6-month one ends on 14/6 and
    is due before 20/6, the annual one ends on 14/12 and is due before 20/12.
    """
    starts_on = datetime.date(year - 1, 12, 15)
    if kind == PeriodKind.SIX_MONTH:
        return starts_on, datetime.date(year, 6, 14), datetime.date(year, 6, 20)
    return starts_on, datetime.date(year, 12, 14), datetime.date(year, 12, 20)


def ensure_periods(campaign):
    """Create the 6-month and annual periods of every campaign year that has none yet.

    Existing periods are left as edited.
    """
    existing = set(campaign.reporting_periods.values_list("year", "kind"))
    created = []
    for year in campaign.years:
        for kind in (PeriodKind.SIX_MONTH, PeriodKind.ANNUAL):
            if (year, kind) in existing:
                continue
            starts_on, ends_on, due_on = default_period_dates(year, kind)
            created.append(
                ReportingPeriod.objects.create(
                    campaign=campaign,
                    year=year,
                    kind=kind,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    due_on=due_on,
                )
            )
    if created:
        data_changed()  # the periods list and the summaries list the periods
    return created


def update_period(period, *, by, starts_on, ends_on, due_on):
    """Change a period's dates (culture office or admin).

    Refuses other roles and an end before the start. Reports already submitted keep
    the on-time flag they got: like registrations, timing is decided at submission.
    """
    if not can_edit_periods(by):
        raise ReportError(office_only(period.campaign, _("sửa được kỳ báo cáo")))
    if ends_on < starts_on:
        raise ReportError(_("Ngày kết thúc số liệu phải sau ngày bắt đầu."))
    period.starts_on, period.ends_on, period.due_on = starts_on, ends_on, due_on
    period.save(update_fields=["starts_on", "ends_on", "due_on"])
    data_changed()  # summaries count reports by the period's dates
    return period


# --- Periodic reports -------------------------------------------------------------------


def start_periodic_report(period, *, by, now=None):
    """Open the draft report of the actor's unit for a period, pre-filled where it can be.

    Refuses non-unit roles, a unit not active during the period and a second report of
    the same unit and period. Pre-fill: the targets of the unit's registration for the
    year with what the unit achieved as entered in its self-assessment (criteria); for
    an annual report, also the figures, narrative and target results of the unit's
    6-month report of the same year.
    """
    if not by.is_unit_member:
        raise ReportError(_("Chỉ cán bộ của đơn vị mới lập được báo cáo định kỳ."))
    unit = Unit.objects.get(pk=by.unit_id)
    if not (unit.is_active_on(period.ends_on) or unit.is_active_on(period.starts_on)):
        raise ReportError(_("Đơn vị không hoạt động trong kỳ báo cáo này."))
    if PeriodicReport.objects.filter(period=period, unit=unit).exists():
        raise ReportError(_("Đơn vị đã có báo cáo %(period)s.") % {"period": period.phrase})
    now = now or timezone.now()
    try:
        check_unit_in_force(unit, timezone.localdate(now))
    except RegistrationError as error:
        raise ReportError(str(error)) from error
    earlier = None
    if period.kind == PeriodKind.ANNUAL:
        earlier = (
            PeriodicReport.objects.filter(
                unit=unit,
                period__campaign=period.campaign,
                period__year=period.year,
                period__kind=PeriodKind.SIX_MONTH,
            )
            .prefetch_related("targets")
            .first()
        )
    try:
        with transaction.atomic():
            report = PeriodicReport(period=period, unit=unit, created_by=by)
            if earlier is not None:
                for name in (*PeriodicReport.FIGURES, *PeriodicReport.NARRATIVE):
                    setattr(report, name, getattr(earlier, name))
            report.save()
            ReportTarget.objects.bulk_create(_prefilled_targets(report, earlier))
            record_transition(
                report, by=by, from_state="", to_state=PeriodicReport.Status.DRAFT, at=now
            )
    except IntegrityError as error:  # a concurrent start won the race
        raise ReportError(
            _("Đơn vị đã có báo cáo %(period)s.") % {"period": period.phrase}
        ) from error
    return report


def add_missing_targets(report):
    """Add to an editable report the target lines of the year's registration it lacks.

    A report started before its registration was submitted (or returned and fixed)
    would otherwise never list the targets; lines already there are left as entered.
    Returns the number of lines added; a submitted report is never changed.
    """
    if not report.is_editable:
        return 0
    have = set(report.targets.values_list("target_id", flat=True))
    missing = [line for line in _prefilled_targets(report, None) if line.target_id not in have]
    first = len(have) + 1
    for order, line in enumerate(missing, start=first):
        line.order = order
    ReportTarget.objects.bulk_create(missing)
    return len(missing)


def _prefilled_targets(report, earlier):
    """Target lines from the registration of the year, with the results the unit already
    entered: its self-assessment of the year (criteria), else its 6-month report."""
    earlier_lines = {line.target_id: line for line in earlier.targets.all()} if earlier else {}
    targets = list(
        Target.objects.filter(
            registration__unit=report.unit,
            registration__window__campaign=report.period.campaign,
            registration__window__year=report.period.year,
        ).exclude(registration__status=Registration.Status.DRAFT)
    )
    assessed = dict(
        TargetResult.objects.filter(target__in=targets)
        .exclude(achieved="")
        .values_list("target_id", "achieved")
    )
    lines = []
    for order, target in enumerate(targets, start=1):
        before = earlier_lines.get(target.pk)
        lines.append(
            ReportTarget(
                report=report,
                target=target,
                order=order,
                title=target.title,
                target_value=target.target_value,
                product=target.product,
                achieved=assessed.get(target.pk) or (before.achieved if before else ""),
                progress=before.progress if before else ReportTarget.Progress.IN_PROGRESS,
            )
        )
    return lines


def update_periodic_report(report, *, by, figures, narrative, targets):
    """Replace the draft's figures, narrative and target results with what the unit entered.

    Refuses other units and reports not in draft or returned state. `figures` and
    `narrative` map field names to values; `targets` maps line ids to
    {"achieved", "progress"} (lines of other reports are ignored).
    """
    _check_unit_member(report, by)
    with transaction.atomic():
        report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_editable:
            raise ReportError(
                _("Báo cáo đã gửi không sửa được; chờ %(office)s xử lý.")
                % {"office": office_name(report.period.campaign)}
            )
        for name in PeriodicReport.FIGURES:
            setattr(report, name, figures[name])
        for name in PeriodicReport.NARRATIVE:
            setattr(report, name, nfc(narrative[name]))
        report.save()
        lines = list(report.targets.filter(pk__in=list(targets)))
        for line in lines:
            line.achieved = nfc(targets[line.pk]["achieved"])
            line.progress = targets[line.pk]["progress"]
        ReportTarget.objects.bulk_update(lines, ["achieved", "progress"])
    return report


def submit_periodic_report(report, *, by, now=None):
    """Send the report to the culture office on the unit's behalf (unit head only).

    Refuses other units, staff, a report not in draft or returned state and an empty
    "results" narrative. The first submission decides on time or late against the
    period's due date ("trước ngày", as for registrations). Freezes a version and
    notifies the culture office.
    """
    now = now or timezone.now()
    _check_unit_member(report, by)
    if not can_send_periodic_report(by, report):
        raise ReportError(_("Chỉ thủ trưởng đơn vị mới được gửi báo cáo."))
    if add_missing_targets(report):
        raise ReportError(
            _(
                "Đã thêm vào báo cáo các chỉ tiêu đăng ký thi đua của năm; vui lòng ghi kết "
                "quả thực hiện các chỉ tiêu này rồi gửi lại."
            )
        )
    with transaction.atomic():
        report = lock(report, "period", "unit")
        require_state(
            report,
            PeriodicReport.EDITABLE,
            ReportError,
            _("Báo cáo đang ở trạng thái “%(status)s”, không gửi được."),
        )
        if not report.results_text.strip():
            raise ReportError(_("Cần viết phần kết quả nổi bật trước khi gửi."))
        from_state = mark_submitted(
            report, by=by, at=now, snapshot=snapshot, on_time=report.period.is_on_time
        )
        verb = _("gửi lại") if from_state == PeriodicReport.Status.RETURNED else _("gửi")
        notify_users(
            office_users(report.period.campaign.organisation_id),
            subject=_("Báo cáo định kỳ mới"),
            text=_("%(unit)s đã %(verb)s báo cáo %(period)s.")
            % {"unit": report.unit, "verb": verb, "period": report.period.phrase},
            url=reverse("reports:periodic_detail", args=[report.pk]),
            at=now,
        )
    return report


def acknowledge_periodic_report(report, *, by, comment="", now=None):
    """Acknowledge a submitted report (culture office only) and tell the unit."""
    return _review(
        report,
        by=by,
        to_state=PeriodicReport.Status.ACKNOWLEDGED,
        comment=nfc(comment),
        now=now,
    )


def return_periodic_report(report, *, by, reason, now=None):
    """Return a submitted report with the office's reasons (required) and tell the unit."""
    reason = nfc((reason or "").strip())
    if not reason:
        raise ReportError(_("Cần ghi rõ lý do trả lại để đơn vị sửa."))
    return _review(report, by=by, to_state=PeriodicReport.Status.RETURNED, comment=reason, now=now)


def _review(report, *, by, to_state, comment, now=None):
    now = now or timezone.now()
    if not can_review_periodic_reports(by):
        raise ReportError(office_only(report.period.campaign, _("xử lý báo cáo định kỳ")))
    with transaction.atomic():
        report = lock(report, "period", "unit")
        require_state(
            report,
            (PeriodicReport.Status.SUBMITTED,),
            ReportError,
            _("Báo cáo đang ở trạng thái “%(status)s”, không xử lý được."),
        )
        mark_reviewed(report, by=by, to_state=to_state, comment=comment, at=now)
        if to_state == PeriodicReport.Status.ACKNOWLEDGED:
            subject = _("Báo cáo định kỳ đã được ghi nhận")
            text = _("Báo cáo %(period)s của %(unit)s đã được ghi nhận.")
        else:
            subject = _("Báo cáo định kỳ bị trả lại")
            text = _("Báo cáo %(period)s của %(unit)s bị trả lại: %(reason)s")
        notify_users(
            User.objects.filter(unit_id=report.unit_id, is_active=True),
            subject=subject,
            text=text % {"period": report.period.phrase, "unit": report.unit, "reason": comment},
            url=reverse("reports:periodic_detail", args=[report.pk]),
            at=now,
        )
    return report


def snapshot(report):
    """What the unit sent, as plain data that stays readable forever."""
    return {
        "unit": report.unit.name,
        "period": str(report.period.label),
        "figures": [
            {"key": name, "label": str(label), "value": value}
            for name, (label, value) in zip(
                PeriodicReport.FIGURES, report.figure_rows(), strict=True
            )
        ],
        "narrative": [
            {
                "key": name,
                "label": str(report._meta.get_field(name).verbose_name),
                "text": getattr(report, name),
            }
            for name in PeriodicReport.NARRATIVE
        ],
        "targets": [
            {
                "title": line.title,
                "target_value": line.target_value,
                "product": line.product,
                "achieved": line.achieved,
                "progress": str(line.get_progress_display()),
            }
            for line in report.targets.all()
        ],
        "submitted_at": report.submitted_at.isoformat(),
        "is_late": report.is_late,
    }


def _check_unit_member(report, by):
    if not can_work_on_periodic_report(by, report):
        raise ReportError(_("Bạn không thuộc đơn vị của báo cáo này."))


# --- Summary reports --------------------------------------------------------------------


def create_summary(campaign, *, kind, year, by):
    """Open the office's summary report of a kind and year (one each), or return it.

    Refuses roles other than the culture office, a year outside the campaign and a
    6-month or annual report whose period does not exist. The review is yearless in
    spirit: it is stored under the campaign's last year.
    """
    if not can_write_summary(by):
        raise ReportError(office_only(campaign, _("lập báo cáo tổng hợp")))
    if kind == SummaryKind.REVIEW:
        year, period = campaign.end_year, None
    else:
        if year not in campaign.years:
            raise ReportError(_("Năm %(year)s không thuộc phong trào.") % {"year": year})
        period = ReportingPeriod.objects.filter(campaign=campaign, year=year, kind=kind).first()
        if period is None:
            raise ReportError(_("Chưa có kỳ báo cáo của năm %(year)s.") % {"year": year})
    try:
        with transaction.atomic():
            summary, created = SummaryReport.objects.get_or_create(
                campaign=campaign,
                kind=kind,
                year=year,
                defaults={"period": period, "created_by": by},
            )
            if created:
                record_transition(
                    summary, by=by, from_state="", to_state=SummaryReport.Status.DRAFT
                )
    except IntegrityError:  # a concurrent create won the race
        summary = SummaryReport.objects.get(campaign=campaign, kind=kind, year=year)
    return summary


def update_summary_narrative(summary, *, by, narrative):
    """Replace the narrative sections the office writes (culture office only).

    Issued copies keep the narrative they froze; the next issue takes this one.
    """
    if not can_write_summary(by):
        raise ReportError(office_only(summary.campaign, _("sửa báo cáo tổng hợp")))
    for name in SummaryReport.NARRATIVE:
        setattr(summary, name, nfc(narrative[name]))
    summary.save(update_fields=[*SummaryReport.NARRATIVE, "updated_at"])
    return summary


def issue_summary(summary, *, by, now=None):
    """Issue the summary: freeze its narrative now and queue the computation of its figures.

    Refuses roles other than the culture office and a summary with an issue still
    being computed. Side effects: a queued SummaryIssue with the next number, a
    transition record and, after the commit, the task that computes and freezes the
    figures (eager in the embedded mode, a worker in production).
    """
    from .tasks import compute_summary_issue

    if not can_write_summary(by):
        raise ReportError(office_only(summary.campaign, _("phát hành báo cáo tổng hợp")))
    now = now or timezone.now()
    with transaction.atomic():
        summary = SummaryReport.objects.select_for_update().get(pk=summary.pk)
        if summary.issues.filter(
            status__in=(SummaryIssue.Status.QUEUED, SummaryIssue.Status.RUNNING)
        ).exists():
            raise ReportError(_("Bản phát hành trước đang được tính số liệu, vui lòng chờ."))
        number = (summary.issues.aggregate(last=Max("number"))["last"] or 0) + 1
        issue = SummaryIssue.objects.create(
            summary=summary,
            number=number,
            title=str(summary.title),
            narrative=summary.narrative_parts(),
            requested_by=by,
            requested_at=now,
        )
        from_state = summary.status
        summary.status = SummaryReport.Status.ISSUED
        summary.save(update_fields=["status", "updated_at"])
        record_transition(
            summary,
            by=by,
            from_state=from_state,
            to_state=summary.status,
            comment=_("Phát hành lần %(number)s") % {"number": number},
            at=now,
        )
        enqueue_on_commit(compute_summary_issue, issue_id=issue.pk)
    return issue


def requeue_stale_issues(*, now=None):
    """Sweep: send again the summary issues whose task was lost; return how many.

    Issues queued for more than settings.SWEEP_QUEUED_GRACE_SECONDS (Redis was down at
    the commit), and issues running whose heartbeat stopped (their worker died:
    compute_issue takes them over, or fails them with the reason once they used
    settings.MAX_RENDER_ATTEMPTS).
    """
    from .tasks import compute_summary_issue

    now = now or timezone.now()
    lost = SummaryIssue.objects.filter(
        Q(status=SummaryIssue.Status.QUEUED, requested_at__lt=queued_before(now))
        | Q(status=SummaryIssue.Status.RUNNING, heartbeat_at__lt=stale_before(now))
    )
    _fail_issues_over_cap(lost)
    ids = list(lost.values_list("pk", flat=True))
    for pk in ids:
        enqueue(compute_summary_issue, issue_id=pk)
    return len(ids)


def _fail_issues_over_cap(queryset):
    """Fail the running issues of `queryset` that used every attempt, with the reason."""
    failed = queryset.filter(
        status=SummaryIssue.Status.RUNNING, attempts__gte=settings.MAX_RENDER_ATTEMPTS
    ).update(
        status=SummaryIssue.Status.FAILED,
        figures={},
        error=_(
            "Đã thử tính %(n)s lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian "
            "cho phép). Bấm “Tính lại” để thử lại."
        )
        % {"n": settings.MAX_RENDER_ATTEMPTS},
    )
    if failed:
        data_changed()  # the summary page lists its issues with their status
    return failed


def compute_issue(issue_id):
    """Compute and freeze the figures of a queued issue; idempotent, safe to retry.

    A done issue is left untouched (its figures never change). Claims a queued or
    failed issue (first attempt), or one running whose heartbeat stopped (its worker
    died: one more attempt, or failed with the reason after settings.MAX_RENDER_ATTEMPTS);
    a live computation is left to its worker. The heartbeat is written while it runs and
    only the attempt that owns the row records its result. On failure the issue is
    marked failed with the error and keeps no figures; the office may retry it.
    """
    from .queries import summary_figures

    now = timezone.now()
    row = SummaryIssue.objects.filter(pk=issue_id)
    running = {"status": SummaryIssue.Status.RUNNING, "progress": 5, "error": ""}
    claimed = row.filter(
        status__in=(SummaryIssue.Status.QUEUED, SummaryIssue.Status.FAILED)
    ).update(**running, attempts=1, started_at=now, heartbeat_at=now) or row.filter(
        status=SummaryIssue.Status.RUNNING,
        heartbeat_at__lt=stale_before(now),
        attempts__lt=settings.MAX_RENDER_ATTEMPTS,
    ).update(**running, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now)
    if not claimed:
        _fail_issues_over_cap(row.filter(heartbeat_at__lt=stale_before(now)))
        return SummaryIssue.objects.get(pk=issue_id)
    # The summary page lists its issues with their status (not their progress): each
    # change of status is a change of the data it keeps (core.datacache).
    data_changed()
    issue = SummaryIssue.objects.select_related("summary__campaign", "summary__period").get(
        pk=issue_id
    )
    mine = SummaryIssue.objects.filter(
        pk=issue_id, status=SummaryIssue.Status.RUNNING, attempts=issue.attempts
    )

    def progress(value):
        mine.update(progress=min(value, 99))

    try:
        with beating(mine):
            figures = summary_figures(issue.summary, progress=progress)
    except Exception as error:  # any failure: recorded on the issue for the office to retry
        logger.exception("Summary issue %s failed", issue_id)
        mine.update(status=SummaryIssue.Status.FAILED, error=str(error)[:2000], figures={})
        data_changed()
        issue.refresh_from_db()
        _notify_issue_ended(issue)
        return issue
    mine.update(
        status=SummaryIssue.Status.DONE, progress=100, figures=figures, issued_at=timezone.now()
    )
    data_changed()
    issue.refresh_from_db()
    _notify_issue_ended(issue)
    return issue


SUMMARY_KIND = "summary_report"


def print_issue(issue):
    """Give a computed issue its numbered report in the same step as issuing it.

    "Phát hành" is one act for the office: once the figures are frozen, the report is
    drafted, rendered here (the number needs a finished draft) and issued with the next
    number of the office's register, by the person who issued the summary. Idempotent:
    an issue already printed with a number, or not computed, is left alone. A draft
    that fails to render stays on the page with its error for the office to run again,
    and a paper the pipeline refuses (an issuing body no longer in force on the day)
    leaves the issue without one: the office's "Tạo dự thảo" then says why.
    Returns the numbered version (queued for its render), else None.
    """
    if issue.status != SummaryIssue.Status.DONE:
        return None
    versions = GeneratedDocument.objects.of(SUMMARY_KIND, issue)
    if versions.filter(issuance__isnull=False).exists():
        return None
    draft = versions.filter(status=GeneratedDocument.Status.DONE).order_by("-version").first()
    try:
        if draft is None:
            with transaction.atomic():
                draft = request_document(SUMMARY_KIND, issue, by=issue.requested_by)
            draft = render_document(draft.pk)
            if draft.status != GeneratedDocument.Status.DONE:
                return None
        return issue_document(draft, by=issue.requested_by, today=timezone.localdate())
    except DocumentError as error:
        logger.warning("Summary issue %s has no numbered report: %s", issue.pk, error)
        return None


def _notify_issue_ended(issue):
    """Tell who issued a summary that its figures are ready (or failed), linking back."""
    if issue.status == SummaryIssue.Status.DONE:
        text = _("Đã tính xong số liệu “%(title)s”: xem, tải PDF, DOCX và XLSX tại đây.")
    else:
        text = _("Không tính được số liệu “%(title)s”; mở để xem lỗi và tính lại.")
    notify_users(
        [issue.requested_by],
        subject=_("Phát hành báo cáo tổng hợp"),
        text=(text % {"title": issue.title})[:500],
        url=reverse("reports:issue_detail", args=[issue.summary_id, issue.number]),
    )


def retry_issue(issue, *, by):
    """Queue a failed issue again (culture office only); refuses issues that did not fail."""
    from .tasks import compute_summary_issue

    if not can_write_summary(by):
        raise ReportError(office_only(issue.summary.campaign, _("phát hành báo cáo tổng hợp")))
    if issue.status != SummaryIssue.Status.FAILED:
        raise ReportError(_("Chỉ tính lại được bản bị lỗi."))
    enqueue_on_commit(compute_summary_issue, issue_id=issue.pk)
    return issue
