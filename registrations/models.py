import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import generated_name
from core.text import short_date
from core.workflow import ReviewedUnitDocument
from units.models import Unit, UnitScopedQuerySet

from . import deadlines


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An admin and a unit's members see every campaign; the district side only its
        own organisation's (a commune's office does not see the former district's)."""
        if user.is_portal_admin or user.is_unit_member:
            return self
        if user.is_oversight:
            return self.filter(organisation=user.organisation_id)
        return self.none()


class Campaign(models.Model):
    """An emulation movement (phong trào thi đua) with its plan and its deadline rule.

    Who issued its plan, its standing office, council and secretariat, who decides its
    awards and who receives its reports are dated assignments (CampaignRole), read for
    a day by `registrations.roles.roles_on`.
    """

    name = models.CharField(_("tên phong trào"), max_length=300)
    theme = models.CharField(_("chủ đề"), max_length=300, blank=True)
    locality_name = models.CharField(
        _("địa danh ghi trên văn bản"), max_length=100, help_text=_("Ví dụ: Mường Khương")
    )
    plan_number = models.CharField(_("số kế hoạch"), max_length=60, blank=True)
    plan_date = models.DateField(_("ngày ban hành kế hoạch"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    organisation = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("địa bàn tổ chức"),
        help_text=_(
            "Chính quyền địa phương tổ chức phong trào: chỉ đơn vị thuộc địa bàn này tham gia. "
            "Để trống: mọi đơn vị."
        ),
    )
    pilot_units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name=_("đơn vị chỉ đạo điểm")
    )
    deadline_day = models.PositiveSmallIntegerField(_("hạn đăng ký: trước ngày"), default=20)
    deadline_month = models.PositiveSmallIntegerField(_("hạn đăng ký: tháng"), default=2)
    is_active = models.BooleanField(_("đang triển khai"), default=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="campaign_years_ordered"
            ),
            models.CheckConstraint(
                condition=Q(
                    deadline_month__gte=1,
                    deadline_month__lte=12,
                    deadline_day__gte=1,
                    deadline_day__lte=31,
                ),
                name="campaign_deadline_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def founding_authority(self):
        """The body that issued the plan first (its earliest plan-issuer assignment)."""
        role = (
            self.roles.filter(kind=CampaignRole.Kind.PLAN_ISSUER)
            .select_related("body")
            .order_by("valid_from", "pk")
            .first()
        )
        return role.body if role else None

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))

    def deadline_for(self, year):
        return deadlines.deadline_for(
            year,
            default_day=self.deadline_day,
            default_month=self.deadline_month,
            overrides=self.deadline_overrides.all(),
        )


class CampaignRoleQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class CampaignRole(models.Model):
    """Who holds one of a campaign's roles, from one day to another (issue 9).

    The roles pass from body to body (the district's end on 30/6/2025, the bodies the
    province designates from 1/7/2025) by `services.hand_over_campaign`; a paper takes
    the bodies assigned on its own date (`registrations.roles.roles_on`).
    """

    class Kind(models.TextChoices):
        PLAN_ISSUER = "plan_issuer", _("Cơ quan ban hành kế hoạch")
        STANDING_OFFICE = "standing_office", _("Cơ quan thường trực phong trào")
        COUNCIL = "council", _("Hội đồng Thi đua – Khen thưởng")
        COUNCIL_SECRETARIAT = "council_secretariat", _("Cơ quan thường trực Hội đồng TĐKT")
        AWARD_AUTHORITY = "award_authority", _("Cấp quyết định khen thưởng")
        REPORT_RECIPIENT = "report_recipient", _("Nơi nhận báo cáo (Kính gửi)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("vai trò"), max_length=30, choices=Kind.choices)
    body = models.ForeignKey(
        "documents.IssuingBody",
        on_delete=models.PROTECT,
        related_name="campaign_roles",
        verbose_name=_("cơ quan đảm nhận"),
    )
    award_form = models.ForeignKey(
        "awards.AwardForm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hình thức khen thưởng"),
        help_text=_("Chỉ với cấp quyết định khen thưởng; để trống là mọi hình thức."),
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến hết ngày"), null=True, blank=True)

    objects = CampaignRoleQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "kind", "valid_from", "pk"]
        verbose_name = _("vai trò trong phong trào")
        verbose_name_plural = _("vai trò trong phong trào")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="campaign_role_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(award_form__isnull=True) | Q(kind="award_authority"),
                name="campaign_role_form_only_for_authority",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.body}"


class DeadlineOverride(models.Model):
    """A year whose registration deadline differs from the campaign default (2022: 12/4)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="deadline_overrides"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    day = models.PositiveSmallIntegerField(_("trước ngày"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    reason = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hạn đăng ký riêng của năm")
        verbose_name_plural = _("hạn đăng ký riêng của năm")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "year"], name="override_one_per_year")
        ]

    def __str__(self):
        return f"{self.year}: {self.day:02d}/{self.month:02d}"

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            datetime.date(self.year, self.month, self.day)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Ngày hạn không tồn tại.")) from error


class WindowQuerySet(models.QuerySet):
    def current(self, today=None):
        """The window of the current year in an active campaign, else the latest one."""
        today = today or timezone.localdate()
        return self.latest_first(today.year).first()

    def latest_first(self, year):
        """The active campaigns' windows up to `year`, the latest first: the current
        year's window, when there is one, is the first (ties between campaigns in the
        campaigns' order)."""
        return (
            self.filter(campaign__is_active=True, year__lte=year)
            .select_related("campaign")
            .order_by("-year", "campaign")
        )


class RegistrationWindow(models.Model):
    """The registration period of one campaign year, derived from the rule and editable."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="windows")
    year = models.PositiveSmallIntegerField(_("năm"))
    opens_on = models.DateField(_("mở đăng ký từ ngày"))
    deadline_on = models.DateField(
        _("hạn: trước ngày"),
        help_text=_("Đúng hạn khi gửi trước 00:00 của ngày này (giờ Việt Nam)."),
    )
    is_closed = models.BooleanField(
        _("khóa đăng ký sau hạn"),
        default=False,
        help_text=_("Khi bật, không nhận đăng ký gửi sau hạn."),
    )

    objects = WindowQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "year"]
        verbose_name = _("đợt đăng ký")
        verbose_name_plural = _("đợt đăng ký")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "year"], name="window_one_per_year"),
            models.CheckConstraint(
                condition=Q(deadline_on__gt=models.F("opens_on")),
                name="window_opens_before_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.campaign} – {self.year}"

    def extended_on(self, unit_id):
        """The new deadline the office granted unit `unit_id` in this window, or None."""
        if unit_id is None:
            return None
        extension = self.extensions.filter(unit_id=unit_id).only("deadline_on").first()
        return extension.deadline_on if extension else None

    def deadline_for_unit(self, unit_id):
        """The deadline unit `unit_id` is held to: its extension's date, else the window's."""
        return deadlines.effective_deadline(self.deadline_on, self.extended_on(unit_id))

    def is_on_time(self, submitted_at, unit_id=None):
        return deadlines.is_on_time(
            submitted_at, self.deadline_on, extended_on=self.extended_on(unit_id)
        )

    def accepts_submission_at(self, moment, unit_id=None):
        return self.is_on_time(moment, unit_id) or not self.is_closed

    @property
    def last_day_on(self):
        return self.deadline_on - datetime.timedelta(days=1)


class DeadlineExtensionQuerySet(UnitScopedQuerySet):
    def for_window(self, window):
        return self.filter(window=window)


class DeadlineExtension(models.Model):
    """A later deadline the culture office grants one unit for one year, by exception.

    The unit's on-time status is judged against it (deadlines.is_on_time); who granted it,
    when and why is kept on the row and in its transitions.
    """

    class Status(models.TextChoices):
        # Not a field: the label of the extension's transitions in the history.
        GRANTED = "granted", _("Đã gia hạn")
        WITHDRAWN = "withdrawn", _("Đã thu hồi gia hạn")

    window = models.ForeignKey(
        RegistrationWindow, on_delete=models.PROTECT, related_name="extensions"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="deadline_extensions")
    deadline_on = models.DateField(
        _("gia hạn: trước ngày"),
        help_text=_("Đơn vị đúng hạn khi gửi trước 00:00 của ngày này (giờ Việt Nam)."),
    )
    reason = models.TextField(_("lý do gia hạn"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người quyết định"),
    )
    granted_at = models.DateTimeField(_("thời điểm quyết định"))

    objects = DeadlineExtensionQuerySet.as_manager()

    class Meta:
        ordering = ["window", "unit__name"]
        verbose_name = _("gia hạn đăng ký cho đơn vị")
        verbose_name_plural = _("gia hạn đăng ký cho đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["window", "unit"], name="extension_one_per_unit_year")
        ]

    def __str__(self):
        return f"{self.unit} – {self.window.year}: {short_date(self.deadline_on)}"


class RegistrationQuerySet(UnitScopedQuerySet):
    campaign_path = "window__campaign"

    def for_year(self, year):
        return self.filter(window__year=year)


def plan_upload_to(registration, filename):
    """plans/<year>/<uuid>.<ext>: the client's file name is never used as a path."""
    return generated_name(f"plans/{registration.window.year}", filename)


class Registration(ReviewedUnitDocument):
    """A unit's emulation registration for one campaign year (plan IV.1)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    window = models.ForeignKey(
        RegistrationWindow, on_delete=models.PROTECT, related_name="registrations"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registrations")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    commitment = models.TextField(
        _("nội dung đăng ký, chương trình hành động"),
        blank=True,
        help_text=_("Tóm tắt kế hoạch, chương trình hành động của đơn vị trong năm."),
    )
    action_plan = models.FileField(_("tệp kế hoạch"), upload_to=plan_upload_to, blank=True)
    action_plan_name = models.CharField(_("tên tệp kế hoạch"), max_length=200, blank=True)
    award_forms = models.ManyToManyField(
        "awards.AwardForm",
        blank=True,
        related_name="+",
        verbose_name=_("hình thức khen thưởng đăng ký (tập thể)"),
    )
    is_late = models.BooleanField(_("gửi muộn"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-window__year", "unit__name"]
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["window", "unit"], name="registration_one_per_unit_year"
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.window.year}"

    @property
    def year(self):
        return self.window.year

    @property
    def display_status(self):
        """The status as the office list shows it: submitted on time / late, etc."""
        return display_status(self.status, self.is_late)


class DisplayStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa đăng ký")
    DRAFT = "draft", _("Đang soạn")
    ON_TIME = "on_time", _("Đã gửi đúng hạn")
    LATE = "late", _("Đã gửi muộn")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


def display_status(status, is_late):
    if status is None:
        return DisplayStatus.NOT_STARTED
    if status == Registration.Status.SUBMITTED:
        return DisplayStatus.LATE if is_late else DisplayStatus.ON_TIME
    return DisplayStatus(status)


class Target(models.Model):
    """A concrete target the unit commits to, with its product (plan IV.1)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("chỉ tiêu"), max_length=300)
    measure = models.CharField(_("cách đo"), max_length=200, blank=True)
    target_value = models.CharField(_("mức phấn đấu"), max_length=100)
    product = models.CharField(_("sản phẩm cụ thể"), max_length=300)
    due_on = models.DateField(_("thời hạn hoàn thành"), null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("chỉ tiêu đăng ký")
        verbose_name_plural = _("chỉ tiêu đăng ký")

    def __str__(self):
        return self.title


class RegisteredIndividual(models.Model):
    """An individual the unit registers for the movement (name and position)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="individuals"
    )
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=150)
    award_form = models.ForeignKey(
        "awards.AwardForm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("hình thức đăng ký"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("cá nhân đăng ký")
        verbose_name_plural = _("cá nhân đăng ký")

    def __str__(self):
        return self.full_name
