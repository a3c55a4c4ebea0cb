from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import (
    BundlePart,
    DocumentBundle,
    DocumentType,
    GeneratedDocument,
    Issuance,
    IssuingBody,
    LegalAct,
    NumberSequence,
    Signer,
)


class SignerInline(admin.TabularInline):
    model = Signer
    extra = 0


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "abbreviation",
        "parent",
        "unit",
        "place_name",
        "valid_from",
        "valid_to",
    ]
    search_fields = ["name", "full_name", "parent_line", "abbreviation"]
    list_select_related = ["parent", "unit"]
    autocomplete_fields = ["unit", "parent", "successor"]  # searched: 2,000 units in a province
    fieldsets = [
        (None, {"fields": ["code", "name", "full_name", "abbreviation", "place_name", "unit"]}),
        (
            gettext_lazy("Tiêu đề và chữ ký (Nghị định 30/2020)"),
            {
                "fields": [
                    "parent",
                    "shows_parent",
                    "parent_line",
                    "collective_name",
                    "head_position",
                ]
            },
        ),
        (gettext_lazy("Hiệu lực"), {"fields": ["valid_from", "valid_to", "successor"]}),
    ]
    inlines = [SignerInline]


@admin.register(LegalAct)
class LegalActAdmin(admin.ModelAdmin):
    list_display = ["title", "kinds", "order", "valid_from", "valid_to"]
    list_filter = ["kinds"]
    search_fields = ["title"]


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "code"]


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["issuer", "year", "last_number"]
    list_select_related = ["issuer"]
    # Numbers are given out by the issuing service only; editing them here would break the register.
    readonly_fields = ["issuer", "year", "last_number"]


@admin.register(Issuance)
class IssuanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issued_on", "issued_by", "signer"]
    list_filter = ["issuer", "year"]
    list_select_related = ["issuer", "doc_type", "issued_by", "signer"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "version",
        "status",
        "page_count",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    search_fields = ["title", "pdf_sha256"]
    actions = ["print_as_bundle"]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("In gộp các văn bản đã chọn thành một tệp PDF"))
    def print_as_bundle(self, request, queryset):
        documents = list(queryset.order_by("kind", "title", "version"))
        try:
            bundle = services.request_bundle(
                _("Bản in gộp %(count)s văn bản") % {"count": len(documents)},
                documents,
                by=request.user,
            )
        except services.DocumentError as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        return redirect("documents:bundle", pk=bundle.pk)


class BundlePartInline(admin.TabularInline):
    model = BundlePart
    extra = 0
    fields = ["order", "document", "start_page"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DocumentBundle)
class DocumentBundleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "parts_done", "parts_total", "requested_by", "requested_at"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    inlines = [BundlePartInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
