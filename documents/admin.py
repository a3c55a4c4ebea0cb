from django.contrib import admin

from .models import DocumentType, GeneratedDocument, Issuance, IssuingBody, NumberSequence, Signer


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
    search_fields = ["name", "full_name", "abbreviation"]
    list_select_related = ["parent", "unit"]
    inlines = [SignerInline]


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

    def has_change_permission(self, request, obj=None):
        return False
