"""Admin: the security log read-only; OTP devices are never shown (their secrets stay hidden)."""

from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityEvent

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "username", "ip_address", "path", "detail"]
    list_filter = ["kind"]
    search_fields = ["username", "detail", "path"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description="Đặt lại xác thực hai lớp (mất điện thoại, hết mã khôi phục)")
def reset_second_factor_action(modeladmin, request, queryset):
    """Used by the user admin: the accounts enrol again at their next sign-in."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied

    from .permissions import can_reset_second_factor
    from .services import reset_second_factor

    if not can_reset_second_factor(request.user):
        raise PermissionDenied
    for user in queryset:
        reset_second_factor(user, by=request.user, request=request)
    modeladmin.message_user(
        request,
        f"Đã đặt lại xác thực hai lớp cho {queryset.count()} tài khoản; "
        "họ sẽ quét mã QR mới ở lần đăng nhập tới.",
        messages.SUCCESS,
    )
