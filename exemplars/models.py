"""Model examples (gương điển hình): short stories the culture office publishes on the
public pages to honour and spread good examples (plan I.1, VI.5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.files import generated_name
from units.models import Unit


def photo_upload_to(example, filename):
    return generated_name(f"exemplars/{example.year}", filename)


class ExemplarQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Exemplar.Status.PUBLISHED)


class Exemplar(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")

    title = models.CharField(_("tiêu đề"), max_length=200)
    story = models.TextField(_("câu chuyện"), max_length=6000)
    photo = models.FileField(_("ảnh"), upload_to=photo_upload_to, blank=True)
    photo_name = models.CharField(_("tên tệp ảnh"), max_length=200, blank=True)
    photo_caption = models.CharField(_("chú thích ảnh"), max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tập thể (đơn vị)"),
    )
    person_name = models.CharField(_("cá nhân: họ và tên"), max_length=120, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    objects = ExemplarQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-published_at", "-pk"]
        verbose_name = _("gương điển hình")
        verbose_name_plural = _("gương điển hình")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(person_name=""),
                name="exemplar_names_a_unit_or_a_person",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def who(self):
        """The person (with position and unit) or the collective the story is about."""
        if self.person_name:
            parts = [self.person_name, self.person_position, self.unit.name if self.unit else ""]
            return ", ".join(p for p in parts if p)
        return self.unit.name if self.unit else ""
