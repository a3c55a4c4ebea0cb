from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Dùng chung"

    def ready(self):
        from . import db  # noqa: F401  (registers the SQLite unaccent function)
