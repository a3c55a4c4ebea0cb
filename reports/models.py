"""Units' periodic reports, deadline reminders and the culture office's summary reports.

Plan VI.7: units report how they carried the movement out; the culture office folds
that into its 6-month and annual emulation reports and writes the 2022–2025 review.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import time_left_phrase
from core.workflow import ReviewedUnitDocument
from registrations import deadlines
from units.models import UnitScopedQuerySet


class PeriodKind(models.TextChoices):
    SIX_MONTH = "six_month", _("6 tháng đầu năm")
    ANNUAL = "annual", _("Năm")


class ReportingPeriod(models.Model):
    """A reporting period of a campaign year with its due date (data, editable).

    Defaults follow the reporting cut-off of Decree 09/2019/NĐ-CP art. 12: a 6-month
    report covers 15/12 of the previous year to 14/6, an annual one to 14/12.
    """

    campaign = models.ForeignKey(
        "registrations.Campaign", on_delete=models.CASCADE, related_name="reporting_periods"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("kỳ báo cáo"), max_length=20, choices=PeriodKind.choices)
    starts_on = models.DateField(_("số liệu từ ngày"))
    ends_on = models.DateField(_("số liệu đến ngày"))
    due_on = models.DateField(
        _("hạn gửi: trước ngày"),
        help_text=_("Đúng hạn khi gửi trước 00:00 của ngày này (giờ Việt Nam)."),
    )

    class Meta:
        ordering = ["campaign", "year", "-kind"]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "kind"], name="period_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.label} – {self.campaign}"

    @property
    def label(self):
        if self.kind == PeriodKind.SIX_MONTH:
            return _("6 tháng đầu năm %(year)s") % {"year": self.year}
        return _("Năm %(year)s") % {"year": self.year}

    @property
    def phrase(self):
        """The label inside a sentence: "báo cáo năm 2024", "báo cáo 6 tháng đầu năm 2024"."""
        return str(self.label).lower()

    @property
    def last_day_on(self):
        return self.due_on - datetime.timedelta(days=1)

    def is_on_time(self, submitted_at):
        return deadlines.is_on_time(submitted_at, self.due_on)


class PeriodicReportQuerySet(UnitScopedQuerySet):
    campaign_path = "period__campaign"

    def received(self):
        """Reports the unit has sent at least once (a returned one was received too)."""
        return self.filter(first_submitted_at__isnull=False)


class PeriodicReport(ReviewedUnitDocument):
    """A unit's report on how it carried the movement out in one period (plan VI.7)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACKNOWLEDGED = "acknowledged", _("Đã ghi nhận")

    # The structured figures, in the order forms, pages and summaries show them.
    FIGURES = (
        "communication_activities",
        "training_sessions",
        "people_trained",
        "platforms_deployed",
        "online_services",
        "models_initiatives",
    )
    NARRATIVE = ("results_text", "difficulties_text", "proposals_text")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="periodic_reports"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    communication_activities = models.PositiveIntegerField(
        _("hoạt động tuyên truyền đã tổ chức"),
        default=0,
        help_text=_("Hội nghị, buổi tuyên truyền, tin bài, chuyên mục về chuyển đổi số."),
    )
    training_sessions = models.PositiveIntegerField(_("lớp, buổi tập huấn, bồi dưỡng"), default=0)
    people_trained = models.PositiveIntegerField(_("lượt người được tập huấn"), default=0)
    platforms_deployed = models.PositiveIntegerField(
        _("nền tảng số, ứng dụng đã triển khai"), default=0
    )
    online_services = models.PositiveIntegerField(
        _("dịch vụ số, dịch vụ công trực tuyến đã cung cấp"), default=0
    )
    models_initiatives = models.PositiveIntegerField(
        _("mô hình, sáng kiến về chuyển đổi số"), default=0
    )
    results_text = models.TextField(_("kết quả nổi bật"), blank=True)
    difficulties_text = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals_text = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    is_late = models.BooleanField(_("gửi muộn"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeriodicReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period__year", "period__kind", "unit__name"]
        verbose_name = _("báo cáo định kỳ của đơn vị")
        verbose_name_plural = _("báo cáo định kỳ của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="periodic_report_one_per_unit"),
        ]
        indexes = [
            # The periods list counts each period's received, late and waiting reports
            # from the index alone (PostgreSQL; a plain index on SQLite): issue 10.
            models.Index(
                fields=["period"],
                include=["first_submitted_at", "is_late", "status"],
                name="report_period_counts_idx",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.period.label}"

    def figure_rows(self):
        """(label, value) of the structured figures, for pages and printouts."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.FIGURES
        ]


class ReportTarget(models.Model):
    """What the unit achieved against one target it registered (copied when the report starts)."""

    class Progress(models.TextChoices):
        MET = "met", _("Đạt")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        NOT_MET = "not_met", _("Chưa đạt")

    report = models.ForeignKey(PeriodicReport, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(
        "registrations.Target",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("chỉ tiêu"), max_length=300)
    target_value = models.CharField(_("mức phấn đấu"), max_length=100, blank=True)
    product = models.CharField(_("sản phẩm cụ thể"), max_length=300, blank=True)
    achieved = models.CharField(_("kết quả đạt được"), max_length=300, blank=True)
    progress = models.CharField(
        _("đánh giá"), max_length=20, choices=Progress.choices, default=Progress.IN_PROGRESS
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kết quả chỉ tiêu đăng ký")
        verbose_name_plural = _("kết quả chỉ tiêu đăng ký")

    def __str__(self):
        return self.title


class ReminderOffset(models.Model):
    """How many days before a deadline's last day a reminder goes out (0 = on that day)."""

    days_before = models.PositiveSmallIntegerField(_("số ngày trước hạn"), unique=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["-days_before"]
        verbose_name = _("mốc nhắc hạn")
        verbose_name_plural = _("mốc nhắc hạn")

    def __str__(self):
        return str(self.days_before)


class DeadlineKind(models.TextChoices):
    REGISTRATION = "registration", _("Đăng ký thi đua")
    PERIODIC_REPORT = "periodic_report", _("Báo cáo định kỳ")


class SentReminder(models.Model):
    """One reminder sent to one unit; the constraint makes a second one impossible."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    deadline_kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    # The RegistrationWindow or ReportingPeriod whose deadline this is.
    source_id = models.PositiveBigIntegerField()
    deadline_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("lời nhắc đã gửi")
        verbose_name_plural = _("lời nhắc đã gửi")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "deadline_kind", "source_id", "deadline_on", "days_before"],
                name="reminder_once_per_unit_deadline_offset",
            )
        ]

    def __str__(self):
        return f"{self.unit} – {self.deadline_kind} {self.deadline_on} −{self.days_before}"


class SummaryKind(models.TextChoices):
    SIX_MONTH = "six_month", _("Báo cáo 6 tháng")
    ANNUAL = "annual", _("Báo cáo năm")
    REVIEW = "review", _("Báo cáo tổng kết giai đoạn")


class SummaryReport(models.Model):
    """The culture office's report for a period, or the campaign's final review.

    Figures are computed from the data; the narrative is written by the office. Each
    issue freezes both in a SummaryIssue: later data changes never touch it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        ISSUED = "issued", _("Đã phát hành")

    NARRATIVE = (
        "direction_text",
        "results_text",
        "limitations_text",
        "next_tasks_text",
        "proposals_text",
    )

    campaign = models.ForeignKey(
        "registrations.Campaign", on_delete=models.PROTECT, related_name="summary_reports"
    )
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=SummaryKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="summaries",
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    direction_text = models.TextField(_("I. Công tác chỉ đạo, triển khai"), blank=True)
    results_text = models.TextField(_("II. Kết quả nổi bật"), blank=True)
    limitations_text = models.TextField(_("III. Tồn tại, hạn chế và nguyên nhân"), blank=True)
    next_tasks_text = models.TextField(_("IV. Phương hướng, nhiệm vụ thời gian tới"), blank=True)
    proposals_text = models.TextField(_("V. Đề xuất, kiến nghị"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind", "year"], name="summary_one_per_kind_year"
            ),
            models.CheckConstraint(
                condition=Q(kind=SummaryKind.REVIEW, period__isnull=True)
                | (~Q(kind=SummaryKind.REVIEW) & Q(period__isnull=False)),
                name="summary_period_matches_kind",
            ),
        ]

    def __str__(self):
        return str(self.title)

    @property
    def title(self):
        """The subject line under "BÁO CÁO" (Decree 30 layout)."""
        if self.kind == SummaryKind.SIX_MONTH:
            return _(
                "Kết quả thực hiện phong trào thi đua về chuyển đổi số 6 tháng đầu năm %(year)s"
            ) % {"year": self.year}
        if self.kind == SummaryKind.ANNUAL:
            return _("Kết quả thực hiện phong trào thi đua về chuyển đổi số năm %(year)s") % {
                "year": self.year
            }
        return _("Tổng kết phong trào thi đua về chuyển đổi số giai đoạn %(start)s - %(end)s") % {
            "start": self.campaign.start_year,
            "end": self.campaign.end_year,
        }

    def narrative_parts(self):
        """The narrative in report order: [{"key", "title", "text"}] (what an issue freezes)."""
        return [
            {
                "key": name,
                "title": str(self._meta.get_field(name).verbose_name),
                "text": getattr(self, name),
            }
            for name in self.NARRATIVE
        ]


class SummaryIssue(models.Model):
    """One issue of a summary report: figures and narrative frozen when it was computed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ tính")
        RUNNING = "running", _("Đang tính số liệu")
        DONE = "done", _("Đã phát hành")
        FAILED = "failed", _("Lỗi khi tính")

    summary = models.ForeignKey(SummaryReport, on_delete=models.PROTECT, related_name="issues")
    number = models.PositiveIntegerField(_("lần phát hành"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("trích yếu"), max_length=300)
    narrative = models.JSONField(_("phần thuyết minh"), default=list)
    figures = models.JSONField(_("số liệu"), default=dict)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    # Computations of this issue since it was requested or last retried, and the
    # heartbeat written while one runs (core.heartbeat): a silent one lost its worker.
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("bản phát hành báo cáo tổng hợp")
        verbose_name_plural = _("bản phát hành báo cáo tổng hợp")
        constraints = [
            models.UniqueConstraint(fields=["summary", "number"], name="summary_issue_number"),
        ]

    def __str__(self):
        return _("%(title)s – phát hành lần %(number)s") % {
            "title": self.title,
            "number": self.number,
        }

    @property
    def progress_step(self):
        """The progress rounded down to 5 % (CSS classes draw the bar without inline styles)."""
        return self.progress // 5 * 5

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def time_left(self):
        """The time left at the pace of the progress so far (from 5 % when claimed), in words."""
        if not self.started_at:
            return time_left_phrase(0, 0, 95)
        elapsed = (timezone.now() - self.started_at).total_seconds()
        return time_left_phrase(elapsed, max(self.progress - 5, 0), 95)
