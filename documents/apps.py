from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        # Each app declares its printable documents in <app>/document_kinds.py.
        autodiscover_modules("document_kinds")
