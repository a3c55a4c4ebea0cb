from django.contrib import admin

from .models import AwardForm, BaseSalary, BonusCoefficient, LegalRegime


class BonusCoefficientInline(admin.TabularInline):
    model = BonusCoefficient
    extra = 0


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "level",
        "commendation_type",
        "for_collectives",
        "for_individuals",
        "is_active",
    ]


@admin.register(LegalRegime)
class LegalRegimeAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from", "valid_to", "legal_basis"]
    inlines = [BonusCoefficientInline]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["amount", "valid_from", "legal_basis"]
