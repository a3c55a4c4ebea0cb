from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .text import local_time


class ForObjectQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only log."""


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes are refused too; on PostgreSQL a trigger refuses them in the database."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def _raw_delete(self, using):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")


class AppendOnlyModel(models.Model):
    """A log row: created once, never changed or deleted, whoever asks (admins included)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} is append-only")


class TransitionQuerySet(ForObjectQuerySet, AppendOnlyQuerySet):
    pass


class Transition(AppendOnlyModel):
    """One state change of a workflow object: who, when, from, to and why (append-only)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("từ trạng thái"), max_length=30, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    comment = models.TextField(_("ghi chú"), blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("lịch sử chuyển trạng thái")
        verbose_name_plural = _("lịch sử chuyển trạng thái")

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"

    def _label(self, state):
        status = getattr(self.content_type.model_class(), "Status", None)
        if status is None or state not in status.values:
            return state
        return status(state).label

    @property
    def at_text(self):
        return local_time(self.at)

    @property
    def from_label(self):
        return self._label(self.from_state) if self.from_state else ""

    @property
    def to_label(self):
        return self._label(self.to_state)


class Version(models.Model):
    """A frozen copy of what a unit submitted; later edits never touch it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    number = models.PositiveIntegerField(_("phiên bản"))
    data = models.JSONField(_("nội dung"))
    # Fingerprint (core.fingerprint): SHA-256 over the canonical content and the files'
    # SHA-256, stored when frozen; `files` lists the frozen files as {"name", "sha256"}.
    files = models.JSONField(_("tệp kèm theo"), default=list, blank=True)
    sha256 = models.CharField(_("mã kiểm tra (SHA-256)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người gửi"),
    )

    objects = ForObjectQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="version_number_unique"
            )
        ]
        verbose_name = _("phiên bản đã gửi")
        verbose_name_plural = _("phiên bản đã gửi")

    def __str__(self):
        return f"v{self.number}"


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """An in-portal notice shown to a user (the e-mail's twin)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # Every page counts the user's unread notices (the navbar badge); the list shows
        # the newest first. Without these both scan the whole table (issue 10).
        indexes = [
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="core_notice_unread_idx"
            ),
            models.Index(fields=["user", "-created_at"], name="core_notice_user_recent_idx"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self):
        return self.text


class OutboxMailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending mails whose next attempt has come (the sweep sends these)."""
        return self.filter(
            status=OutboxMail.Status.PENDING, next_attempt_at__lte=now or timezone.now()
        )


class OutboxMail(models.Model):
    """One e-mail, written in the transaction of the action that causes it (the outbox).

    A task delivers it; a failed attempt is recorded and tried again later with a growing
    pause (settings.MAIL_RETRY_DELAYS, more than a day in all), then the mail is marked failed
    for an administrator to see and send again. No mail is dropped silently.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không được")

    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    html_body = models.TextField(_("nội dung HTML"), blank=True)
    recipients = models.JSONField(_("người nhận"), default=list)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)

    objects = OutboxMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thư điện tử")
        verbose_name_plural = _("hộp thư đi")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self):
        return ", ".join(self.recipients)


class WorkerHeartbeat(models.Model):
    """When each Celery worker last ran the heartbeat task (readiness: a live worker).

    Beat sends `core.tasks.worker_heartbeat` every settings.WORKER_HEARTBEAT_SECONDS;
    the worker that runs it writes the time on its row. A round trip through the broker,
    so a fresh row means a worker that takes tasks, whatever its remote control does.
    """

    hostname = models.CharField(max_length=200, primary_key=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tín hiệu của tiến trình nền")
        verbose_name_plural = _("tín hiệu của tiến trình nền")

    def __str__(self):
        return self.hostname
