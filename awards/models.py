"""The award rules: forms of award, the legal regimes in force, bonus coefficients and
the statutory base salary. Data with dates, below the apps that register, assess and
propose, so each of them can name an award form without reaching up.

The tables keep their first names (``dossiers_*``): the models moved here from dossiers
with a state-only migration, no data copied.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import money, short_date


class AwardForm(models.Model):
    """A form of award (Giấy khen, Bằng khen, …): data, so new forms need no code."""

    class CommendationType(models.TextChoices):
        # A movement (thematic) award does not count towards higher regular awards.
        THEMATIC = "thematic", _("Khen thưởng theo chuyên đề (phong trào thi đua)")
        REGULAR = "regular", _("Khen thưởng thường xuyên")

    class Level(models.TextChoices):
        DISTRICT = "district", _("Chủ tịch UBND cấp huyện")
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

    class Meta:
        db_table = "dossiers_awardform"  # moved from dossiers without copying data
        ordering = ["order", "name"]
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self):
        return self.name


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
