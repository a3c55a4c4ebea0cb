from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.workflow import UnitDocument
from units.models import Tier, UnitScopedQuerySet

from . import scoring
from .scoring import Comparison, Kind, Outcome

# The tiers scored by criteria (plan IV.2.1); agencies based in the district are not.
SCORED_TIERS = (Tier.DISTRICT_AGENCY, Tier.COMMUNE, Tier.ENTERPRISE)
SCORED_TIER_CHOICES = [(tier.value, tier.label) for tier in SCORED_TIERS]


class CriterionSetQuerySet(models.QuerySet):
    def latest_for(self, campaign, year, tier):
        """The newest version of the set of a campaign year and tier, or None."""
        return self.filter(campaign=campaign, year=year, tier=tier).order_by("-version").first()


class CriterionSet(models.Model):
    """The criteria of one campaign year for one unit tier (plan IV.2.1, built by the office per VI.1).

    Editable until an assessment using it is submitted; then locked, and a change
    needs a new version (assessments keep the version they used).
    """

    campaign = models.ForeignKey(
        "registrations.Campaign",
        on_delete=models.PROTECT,
        related_name="criterion_sets",
        verbose_name=_("phong trào"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    tier = models.CharField(_("khối"), max_length=20, choices=SCORED_TIER_CHOICES)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    locked_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CriterionSetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "tier", "-version"]
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "year", "tier", "version"], name="criterion_set_unique_version"
            )
        ]

    def __str__(self):
        return f"{self.get_tier_display()} – {self.year} (v{self.version})"

    @property
    def is_locked(self):
        return self.locked_at is not None


class Criterion(models.Model):
    """One line of a criterion set: what is measured, how, and what it is worth."""

    Kind = Kind
    Comparison = Comparison

    criterion_set = models.ForeignKey(
        CriterionSet, on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.CharField(_("mã"), max_length=20)
    text = models.TextField(_("nội dung tiêu chí"), max_length=1000)
    plan_section = models.CharField(_("căn cứ (mục kế hoạch)"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    comparison = models.CharField(
        _("so sánh"), max_length=3, choices=Comparison.choices, blank=True
    )
    threshold = models.DecimalField(
        _("ngưỡng"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tỷ lệ %: ngưỡng phần trăm. Điểm: số điểm tối thiểu để tính là đạt."),
    )
    is_mandatory = models.BooleanField(_("bắt buộc để được đề nghị khen thưởng"), default=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    total_label = models.CharField(_("nhãn tổng số"), max_length=150, blank=True)
    excluded_label = models.CharField(
        _("nhãn số loại trừ"),
        max_length=150,
        blank=True,
        help_text=_("Để trống nếu tiêu chí không có loại trừ."),
    )
    done_label = models.CharField(_("nhãn số đã thực hiện"), max_length=150, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion_set", "code"], name="criterion_code_unique_in_set"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="criterion_points_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind=Kind.RATIO)
                | (Q(threshold__gte=0, threshold__lte=100) & Q(comparison__in=Comparison.values)),
                name="criterion_ratio_has_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.text}"

    @property
    def requirement(self):
        return scoring.requirement_text(self)

    @property
    def has_exclusions(self):
        return self.kind == Kind.RATIO and bool(self.excluded_label)


class AssessmentQuerySet(UnitScopedQuerySet):
    campaign_path = "criterion_set__campaign"

    def for_year(self, year):
        return self.filter(criterion_set__year=year)


class Assessment(UnitDocument):
    """A unit's results for one year against its tier's criteria, and the office's scoring."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ chấm")
        RETURNED = "returned", _("Bị trả lại")
        SCORED = "scored", _("Đã chấm")

    registration = models.OneToOneField(
        "registrations.Registration",
        on_delete=models.PROTECT,
        related_name="assessment",
        verbose_name=_("đăng ký"),
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="assessments")
    criterion_set = models.ForeignKey(
        CriterionSet, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic lock: every save posts the revision it started from (two reviewers, two tabs).
    revision = models.PositiveIntegerField(default=1)
    self_score = models.DecimalField(_("điểm tự chấm"), max_digits=7, decimal_places=2, default=0)
    final_score = models.DecimalField(
        _("điểm chấm"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    is_eligible = models.BooleanField(_("đủ điều kiện đề nghị khen thưởng"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    targets_need_fix = models.BooleanField(_("chỉ tiêu đăng ký cần sửa"), default=False)
    scored_at = models.DateTimeField(_("chấm xong lúc"), null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-criterion_set__year", "unit__name"]
        verbose_name = _("kết quả thực hiện tiêu chí")
        verbose_name_plural = _("kết quả thực hiện tiêu chí")

    def __str__(self):
        return f"{self.unit} – {self.criterion_set.year}"

    @property
    def year(self):
        return self.criterion_set.year


class Result(models.Model):
    """One criterion line of an assessment: the unit's figures, then the reviewer's (final)."""

    Outcome = Outcome

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    # CASCADE is safe: a criterion can only be removed from an unlocked set, i.e. one no
    # submitted assessment has used.
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="results")
    total = models.PositiveIntegerField(_("tổng số"), null=True, blank=True)
    excluded = models.PositiveIntegerField(_("số loại trừ"), null=True, blank=True)
    done = models.PositiveIntegerField(_("số đã thực hiện"), null=True, blank=True)
    answer = models.BooleanField(_("trả lời"), null=True, blank=True)
    points = models.DecimalField(
        _("điểm đơn vị đề xuất"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("mô tả kết quả"), blank=True)
    self_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    self_points = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    is_checked = models.BooleanField(_("đã được người chấm xem"), default=False)
    checked_total = models.PositiveIntegerField(null=True, blank=True)
    checked_excluded = models.PositiveIntegerField(null=True, blank=True)
    checked_done = models.PositiveIntegerField(null=True, blank=True)
    checked_answer = models.BooleanField(null=True, blank=True)
    checked_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    review_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    final_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    final_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    needs_fix = models.BooleanField(_("cần sửa"), default=False)
    fix_note = models.TextField(_("yêu cầu sửa"), blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]
        verbose_name = _("kết quả theo tiêu chí")
        verbose_name_plural = _("kết quả theo tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="result_one_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.assessment} – {self.criterion.code}"

    def unit_figures(self):
        return {
            "total": self.total,
            "excluded": self.excluded,
            "done": self.done,
            "answer": self.answer,
            "points": self.points,
        }

    def checked_figures(self):
        return {
            "total": self.checked_total,
            "excluded": self.checked_excluded,
            "done": self.checked_done,
            "answer": self.checked_answer,
            "points": self.checked_points,
        }

    @property
    def self_evaluation(self):
        return scoring.evaluate(self.criterion, **self.unit_figures())

    @property
    def final_evaluation(self):
        return scoring.evaluate(self.criterion, **self.checked_figures())

    @property
    def is_corrected(self):
        """The reviewer's figures differ from the unit's on a figure this kind uses."""
        if not self.is_checked:
            return False
        unit, checked = self.unit_figures(), self.checked_figures()
        return any(unit[name] != checked[name] for name in FIGURES_BY_KIND[self.criterion.kind])


FIGURES_BY_KIND = {
    Kind.RATIO: ("total", "excluded", "done"),
    Kind.YES_NO: ("answer",),
    Kind.POINTS: ("points",),
}


class EvidenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """A file backing one line. Never deleted: a frozen version may list it."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="evidence/")
    original_name = models.CharField(_("tên tệp"), max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    needs_fix = models.BooleanField(_("cần thay"), default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self):
        return self.original_name


class TargetResult(models.Model):
    """What the unit achieved against one target of its registration (plan IV.1)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="target_results"
    )
    target = models.ForeignKey("registrations.Target", on_delete=models.CASCADE, related_name="+")
    achieved = models.CharField(_("kết quả đạt được"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), max_length=1000, blank=True)

    class Meta:
        ordering = ["target__order", "target__pk"]
        verbose_name = _("kết quả chỉ tiêu đăng ký")
        verbose_name_plural = _("kết quả chỉ tiêu đăng ký")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "target"], name="target_result_unique")
        ]

    def __str__(self):
        return f"{self.assessment} – {self.target}"
