from django.contrib import admin
from django.utils.translation import gettext as _

from .mail import resend_mails
from .models import OutboxMail, Transition


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["at", "content_type", "object_id", "from_state", "to_state", "actor"]
    list_filter = ["content_type", "to_state"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """The outbox: administrators see mails that could not be sent and send them again."""

    list_display = ["created_at", "subject", "recipient_list", "status", "attempts", "last_error"]
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    actions = ["resend"]
    readonly_fields = [f.name for f in OutboxMail._meta.fields]

    @admin.action(description=_("Gửi lại các thư đã chọn"))
    def resend(self, request, queryset):
        count = resend_mails(queryset, by=request.user)
        self.message_user(request, _("Đã xếp %(n)s thư vào hàng đợi gửi lại.") % {"n": count})

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
