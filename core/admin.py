from django.contrib import admin

from .models import Transition


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["at", "content_type", "object_id", "from_state", "to_state", "actor"]
    list_filter = ["content_type", "to_state"]

    # Append-only for everyone, admins and superusers included (issue 12).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
