from django.apps import AppConfig


class SecurityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = "Bảo mật và nhật ký"

    def ready(self):
        # Sign-in events are logged whichever login view (portal or admin) was used.
        from . import signals  # noqa: F401
