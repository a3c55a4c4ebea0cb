from django.contrib import admin

from .models import CertificateField, CouncilMember, DossierRule, EligibilityOverride


@admin.register(DossierRule)
class DossierRuleAdmin(admin.ModelAdmin):
    list_display = ["campaign", "allows_summary", "fund_name"]


@admin.register(EligibilityOverride)
class EligibilityOverrideAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "is_eligible", "reason", "decided_at"]
    list_filter = ["year", "is_eligible"]
    autocomplete_fields = ["unit"]

    def save_model(self, request, obj, form, change):
        obj.decided_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CouncilMember)
class CouncilMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "council_position", "position", "order", "valid_from", "valid_to"]


@admin.register(CertificateField)
class CertificateFieldAdmin(admin.ModelAdmin):
    list_display = [
        "key",
        "left_mm",
        "top_mm",
        "width_mm",
        "font_size",
        "bold",
        "italic",
        "align",
        "is_printed",
    ]
    list_editable = [
        "left_mm",
        "top_mm",
        "width_mm",
        "font_size",
        "bold",
        "italic",
        "align",
        "is_printed",
    ]
