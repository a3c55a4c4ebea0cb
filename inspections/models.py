"""The year's inspections (plan III.4 "kiểm tra hằng năm").

The culture office plans the year (`InspectionPlan`: one per campaign year) and each
visit (`Inspection`: the unit, the day, the team and its members); it records what the
team found (`Finding`, per criterion or registered target, or general), the evidence
(`InspectionEvidence`) and the recommendations, each with a deadline
(`Recommendation`), then closes the record; the unit answers every recommendation with
what it did. The minutes (biên bản kiểm tra) and the office's report are papers on the
documents pipeline (document_kinds.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import Unit, UnitScopedQuerySet


class InspectionPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The district side sees its own organisation's campaigns (an admin every one)."""
        if not user.is_oversight:
            return self.none()
        if user.is_portal_admin:
            return self
        return self.filter(window__campaign__organisation=user.organisation_id)


class InspectionPlan(models.Model):
    """The office's inspections of one campaign year."""

    window = models.OneToOneField(
        "registrations.RegistrationWindow",
        on_delete=models.PROTECT,
        related_name="inspection_plan",
        verbose_name=_("năm thi đua"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"))

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-window__year"]
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")

    def __str__(self):
        return f"{self.window.campaign} – {self.year}"

    @property
    def year(self):
        return self.window.year

    @property
    def campaign(self):
        return self.window.campaign


class InspectionQuerySet(UnitScopedQuerySet):
    campaign_path = "plan__window__campaign"


class Inspection(models.Model):
    """One unit's inspection: planned, then recorded, then closed once every
    recommendation is answered."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Đã lên kế hoạch")
        RECORDED = "recorded", _("Chờ đơn vị trả lời")
        CLOSED = "closed", _("Đã hoàn thành")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="inspections")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    planned_on = models.DateField(_("ngày kiểm tra dự kiến"))
    team_name = models.CharField(
        _("đoàn kiểm tra"), max_length=200, help_text=_("Ví dụ: Đoàn kiểm tra số 1")
    )
    team_members = models.TextField(
        _("thành viên đoàn"),
        help_text=_(
            "Mỗi dòng một người: họ và tên – chức vụ, đơn vị (người đầu tiên là trưởng đoàn)."
        ),
    )
    visited_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    conclusion = models.TextField(_("kết luận chung"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"))

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["planned_on", "unit__name", "pk"]
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="inspection_one_per_unit_year")
        ]

    def __str__(self):
        return f"{self.unit} – {self.plan.year}"

    @property
    def year(self):
        return self.plan.year

    @property
    def members(self):
        """The team, one person a line (the first leads it)."""
        return [line.strip() for line in self.team_members.splitlines() if line.strip()]


class Finding(models.Model):
    """What the team found about one criterion, one registered target, or in general."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(
        "criteria.Criterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiêu chí"),
    )
    target = models.ForeignKey(
        "registrations.Target",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chỉ tiêu đăng ký"),
    )
    text = models.TextField(_("nhận xét, kết quả kiểm tra"))
    created_at = models.DateTimeField(_("ghi lúc"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(criterion__isnull=True) | models.Q(target__isnull=True),
                name="finding_one_subject",
            )
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def subject(self):
        """What the finding is about, as the minutes name it."""
        if self.criterion_id:
            return _("Tiêu chí %(code)s") % {"code": self.criterion.code}
        if self.target_id:
            return _("Chỉ tiêu: %(title)s") % {"title": self.target.title}
        return _("Chung")


class InspectionEvidence(models.Model):
    """A file the team collected (photos, copies of records). Checked by its content."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="inspections/")
    original_name = models.CharField(_("tên tệp"), max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("minh chứng kiểm tra")
        verbose_name_plural = _("minh chứng kiểm tra")

    def __str__(self):
        return self.original_name


class Recommendation(models.Model):
    """What the team asks the unit to do, by a deadline; the unit answers what it did."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chờ đơn vị trả lời")
        ANSWERED = "answered", _("Đơn vị đã trả lời")

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("kiến nghị"))
    due_on = models.DateField(_("thời hạn thực hiện"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    response = models.TextField(_("kết quả thực hiện của đơn vị"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")

    def __str__(self):
        return self.text[:60]

    @property
    def answered_late(self):
        return bool(self.responded_at) and timezone.localdate(self.responded_at) > self.due_on
