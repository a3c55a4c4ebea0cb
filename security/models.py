from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AppendOnlyModel, AppendOnlyQuerySet
from core.text import short_date


class SecurityEvent(AppendOnlyModel):
    """A sign-in, a failure, a second-factor event or a download of personal data."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Đăng nhập bằng mật khẩu")
        LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
        LOGOUT = "logout", _("Đăng xuất")
        IDLE_TIMEOUT = "idle_timeout", _("Hết phiên do không thao tác")
        OTP_VERIFIED = "otp_verified", _("Xác thực hai lớp thành công")
        OTP_FAILED = "otp_failed", _("Mã xác thực sai")
        RECOVERY_USED = "recovery_used", _("Dùng mã khôi phục")
        OTP_ENROLLED = "otp_enrolled", _("Bật xác thực hai lớp")
        RECOVERY_RENEWED = "recovery_renewed", _("Tạo lại mã khôi phục")
        OTP_RESET = "otp_reset", _("Quản trị đặt lại xác thực hai lớp")
        LOCKED_OUT = "locked_out", _("Tạm khóa do nhập sai nhiều lần")
        DOWNLOAD = "download", _("Tải tệp có dữ liệu cá nhân")
        AUDIT_EXPORT = "audit_export", _("Xuất nhật ký")

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    kind = models.CharField(_("sự kiện"), max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    path = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("sự kiện bảo mật")
        verbose_name_plural = _("sự kiện bảo mật")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.username}"


class PasswordHistory(models.Model):
    """The hashes of a user's recent passwords: a new password may not repeat them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mật khẩu cũ")
        verbose_name_plural = _("mật khẩu cũ")

    def __str__(self):
        return f"{self.user_id} @ {short_date(self.created_at)}"
