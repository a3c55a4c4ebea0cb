from django.db import models
from django.utils.translation import gettext_lazy as _


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
        ordering = ["order", "name"]
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")

    def __str__(self):
        return self.name
