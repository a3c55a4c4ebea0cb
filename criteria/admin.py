from django.contrib import admin

from .models import Assessment, Criterion, CriterionSet


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriterionSet)
class CriterionSetAdmin(admin.ModelAdmin):
    # Criteria are maintained by the culture office in the portal; the admin only looks.
    list_display = ["campaign", "year", "tier", "version", "locked_at"]
    list_filter = ["year", "tier"]
    inlines = [CriterionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    # Read-only here: assessments change only through the workflow (services.py).
    list_display = ["unit", "criterion_set", "status", "self_score", "final_score", "is_eligible"]
    list_filter = ["criterion_set__year", "criterion_set__tier", "status"]
    search_fields = ["unit__name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
