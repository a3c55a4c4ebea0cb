from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "Kiểm tra hằng năm"

    def ready(self):
        # The findings of a unit's inspection beside its figures in the office's scoring.
        from criteria.panels import register_review_panel

        from .panels import findings_panel

        register_review_panel(findings_panel)
