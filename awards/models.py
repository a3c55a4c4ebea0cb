"""The award rules: forms of award, the legal regimes in force, bonus coefficients and
the statutory base salary. Data with dates, below the apps that register, assess and
propose, so each of them can name an award form without reaching up.

The tables keep their first names (``dossiers_*``): the models moved here from dossiers
with a state-only migration, no data copied.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from core.text import money, short_date


class AwardFormQuerySet(models.QuerySet):
    def offered_on(self, day):
        """Forms a competent authority can give on `day`."""
        return self.filter(is_active=True).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )


class AwardForm(models.Model):
    """A form of award (Giấy khen, Bằng khen, …): data, so new forms need no code."""

    class CommendationType(models.TextChoices):
        # A movement (thematic) award does not count towards higher regular awards.
        THEMATIC = "thematic", _("Khen thưởng theo chuyên đề (phong trào thi đua)")
        REGULAR = "regular", _("Khen thưởng thường xuyên")

    class Level(models.TextChoices):
        DISTRICT = "district", _("Chủ tịch UBND cấp huyện")
        COMMUNE = "commune", _("Chủ tịch UBND cấp xã")
        AGENCY = "agency", _("Thủ trưởng cơ quan, đơn vị, doanh nghiệp")
        PROVINCE = "province", _("Chủ tịch UBND cấp tỉnh")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("hình thức khen thưởng"), max_length=200)
    level = models.CharField(_("cấp quyết định"), max_length=20, choices=Level.choices)
    commendation_type = models.CharField(
        _("loại khen thưởng"),
        max_length=20,
        choices=CommendationType.choices,
        default=CommendationType.THEMATIC,
    )
    for_collectives = models.BooleanField(_("dành cho tập thể"), default=True)
    for_individuals = models.BooleanField(_("dành cho cá nhân"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    is_title = models.BooleanField(
        _("danh hiệu thi đua"), default=False, help_text=_("Lao động tiên tiến, CSTĐ cơ sở, …")
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    # The dates on which a competent authority exists to give it (no district chairman
    # after 30/6/2025: Constitution amended 2025, ND 152/2025).
    valid_from = models.DateField(_("được tặng từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("được tặng đến ngày"), null=True, blank=True)

    objects = AwardFormQuerySet.as_manager()

    class Meta:
        db_table = "dossiers_awardform"  # moved from dossiers without copying data
        ordering = ["order", "name"]
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self):
        return self.name

    @property
    def is_decided_locally(self):
        """Decided by the campaign's own authority (not forwarded to the province)."""
        return self.level != self.Level.PROVINCE

    def is_offered_on(self, day):
        return (
            self.is_active
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )

    def why_not_offered(self, day):
        """'' when the form can be given on `day`, else the reason in Vietnamese."""
        if not self.is_active:
            return gettext_now("“%(form)s” không còn áp dụng.") % {"form": self.name}
        if self.valid_to and day > self.valid_to:
            return gettext_now(
                "“%(form)s” chỉ được tặng đến ngày %(end)s: từ ngày %(next)s không còn cấp "
                "có thẩm quyền tặng hình thức này."
            ) % {
                "form": self.name,
                "end": short_date(self.valid_to),
                "next": short_date(self.valid_to + datetime.timedelta(days=1)),
            }
        if self.valid_from and day < self.valid_from:
            return gettext_now("“%(form)s” chỉ được tặng từ ngày %(start)s.") % {
                "form": self.name,
                "start": short_date(self.valid_from),
            }
        return ""


class Subject(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class LegalRegimeQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        )


class LegalRegime(models.Model):
    """The set of rules in force for a period (Decree 91/2017, 98/2023, 152/2025)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    objects = LegalRegimeQuerySet.as_manager()

    class Meta:
        db_table = "dossiers_legalregime"  # moved from dossiers without copying data
        ordering = ["valid_from"]
        verbose_name = _("chế độ pháp lý khen thưởng")
        verbose_name_plural = _("chế độ pháp lý khen thưởng")

    def __str__(self):
        return self.name


class BonusCoefficient(models.Model):
    """Bonus = coefficient × base salary, per regime, award form and subject."""

    regime = models.ForeignKey(LegalRegime, on_delete=models.CASCADE, related_name="coefficients")
    award_form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="coefficients")
    subject = models.CharField(_("đối tượng"), max_length=20, choices=Subject.choices)
    coefficient = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        db_table = "dossiers_bonuscoefficient"  # moved from dossiers without copying data
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "award_form", "subject"], name="coefficient_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(coefficient__gt=0), name="coefficient_positive"
            ),
        ]

    def __str__(self):
        return f"{self.award_form} – {self.get_subject_display()}: {self.coefficient}"


class BaseSalaryQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class BaseSalary(models.Model):
    """Statutory base salary (mức lương cơ sở), in đồng, from a date on."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=200)

    objects = BaseSalaryQuerySet.as_manager()

    class Meta:
        db_table = "dossiers_basesalary"  # moved from dossiers without copying data
        ordering = ["valid_from"]
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")

    def __str__(self):
        return f"{money(self.amount)} từ {short_date(self.valid_from)}"
