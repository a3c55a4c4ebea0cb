from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from security.admin import reset_second_factor_action

from .models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "tier", "valid_from", "valid_to", "successor"]
    list_filter = ["tier"]
    search_fields = ["name", "code", "short_name"]
    # A province has some 2,000 units: every unit field is searched, never a full select.
    autocomplete_fields = ["successor", "organisation"]
    list_select_related = ["successor"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit", "organisation"]
    list_select_related = ["unit"]
    actions = [reset_second_factor_action]
    fieldsets = UserAdmin.fieldsets + (
        (
            "Vai trò trong cổng",
            {"fields": ["full_name", "position", "role", "unit", "organisation"]},
        ),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Vai trò trong cổng", {"fields": ["full_name", "role", "unit", "email"]}),
    )
