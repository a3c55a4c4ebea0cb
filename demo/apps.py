from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The built-in demo: the top layer, the only app that may import every other one."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
