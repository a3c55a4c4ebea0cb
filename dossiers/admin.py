from django.contrib import admin

from .models import AwardForm


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
