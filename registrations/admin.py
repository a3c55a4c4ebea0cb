from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Campaign, CampaignRole, DeadlineOverride, Registration, RegistrationWindow


class DeadlineOverrideInline(admin.TabularInline):
    model = DeadlineOverride
    extra = 0


class WindowInline(admin.TabularInline):
    model = RegistrationWindow
    extra = 0


class CampaignRoleInline(admin.TabularInline):
    """The roles' history, read-only: roles pass by the handover page (services.
    hand_over_campaign), which ends the holder's assignment and records who and why."""

    model = CampaignRole
    fields = ["kind", "body", "award_form", "valid_from", "valid_to"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("vai trò trong phong trào (bàn giao ở trang “Bàn giao phong trào”)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "is_active"]
    # Searched, not listed: a province has some 2,000 units.
    autocomplete_fields = ["pilot_units", "organisation"]
    inlines = [CampaignRoleInline, DeadlineOverrideInline, WindowInline]


@admin.register(RegistrationWindow)
class RegistrationWindowAdmin(admin.ModelAdmin):
    list_display = ["campaign", "year", "opens_on", "deadline_on", "is_closed"]
    list_editable = ["deadline_on", "is_closed"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Read-only here: registrations change only through the workflow (services.py).
    list_display = ["unit", "window", "status", "is_late", "first_submitted_at"]
    list_filter = ["window__year", "status", "unit__tier"]
    search_fields = ["unit__name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
