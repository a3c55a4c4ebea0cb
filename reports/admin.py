from django.contrib import admin

from .models import PeriodicReport, ReminderOffset, ReportingPeriod, SentReminder, SummaryReport


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["campaign", "year", "kind", "starts_on", "ends_on", "due_on"]
    list_editable = ["due_on"]
    list_filter = ["campaign", "kind"]


@admin.register(ReminderOffset)
class ReminderOffsetAdmin(admin.ModelAdmin):
    list_display = ["days_before", "is_active"]
    list_editable = ["is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    # Changed only through the workflow (services.py) or by the reminder task.
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin):
    list_display = ["unit", "period", "status", "is_late", "first_submitted_at"]
    list_filter = ["period__year", "period__kind", "status", "unit__tier"]
    search_fields = ["unit__name"]


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    list_display = ["unit", "deadline_kind", "deadline_on", "days_before", "sent_at", "recipients"]
    list_filter = ["deadline_kind", "deadline_on", "days_before"]


@admin.register(SummaryReport)
class SummaryReportAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "kind", "year", "status"]
