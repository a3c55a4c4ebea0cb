from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from security.services import record_download

from . import packaging, services
from .forms import IssueForm
from .kinds import get_kind
from .models import DocumentBundle, GeneratedDocument
from .naming import file_stem
from .permissions import can_bundle, get_bundle_for, get_document_for


def _source_for(request, kind_code, source_pk):
    kind = get_kind(kind_code)
    source = kind.get_source(request.user, source_pk)
    if not kind.can_view(request.user, source):
        raise PermissionDenied
    return kind, source


def _versions(kind, source):
    return GeneratedDocument.objects.of(kind.code, source).select_related("requested_by")


@require_GET
def document_source(request, kind, source_pk):
    """Every version of one kind for one source; as htmx, the compact buttons of a source page."""
    kind, source = _source_for(request, kind, source_pk)
    versions = list(_versions(kind, source))
    context = {
        "kind": kind,
        "source": source,
        "versions": versions,
        # The newest finished numbered version: what the office downloads and sends.
        "issued": next(
            (v for v in versions if v.issuance_id and v.status == GeneratedDocument.Status.DONE),
            None,
        ),
        "can_request": kind.can_request(request.user, source),
        "source_url": kind.source_url(source) if kind.source_url else "",
    }
    template = (
        "documents/_source_actions.html" if request.htmx else "documents/document_source.html"
    )
    return render(request, template, context)


@require_POST
def document_request(request, kind, source_pk):
    kind, source = _source_for(request, kind, source_pk)
    if not kind.can_request(request.user, source):
        raise PermissionDenied
    try:
        document = services.request_document(kind, source, by=request.user)
    except services.DocumentError as error:
        messages.error(request, str(error))
        return redirect("documents:source", kind=kind.code, source_pk=source.pk)
    return redirect("documents:detail", pk=document.pk)


@require_GET
def document_detail(request, pk):
    document, kind = get_document_for(request.user, pk)
    return _render_detail(request, document, kind)


def _render_detail(request, document, kind, *, issue_form=None, status=200):
    source = document.source
    today = timezone.localdate()
    can_issue = (
        document.is_draft
        and document.status == GeneratedDocument.Status.DONE
        and not hasattr(document, "issued_as")
        and kind.can_issue(request.user, source)
    )
    context = {
        "document": document,
        "kind": kind,
        "source": source,
        "source_url": kind.source_url(source) if kind.source_url else "",
        "versions": _versions(kind, source).select_related("issuance"),
        "can_issue": can_issue,
        "can_request": kind.can_request(request.user, source),
        "can_regenerate": document.status != GeneratedDocument.Status.QUEUED
        and (kind.can_issue if document.issuance_id else kind.can_request)(request.user, source),
        "issue_form": issue_form or IssueForm(issuer=document.issuer, today=today),
    }
    return render(request, "documents/document_detail.html", context, status=status)


@require_GET
def document_status(request, pk):
    document, _kind = get_document_for(request.user, pk)
    return render(request, "documents/_document_status.html", {"document": document})


@require_GET
def document_download(request, pk, file_format):
    document, kind = get_document_for(request.user, pk)
    Status = GeneratedDocument.Status
    ready = document.status == Status.DONE and (
        file_format == "pdf" or document.docx_status == Status.DONE
    )
    stored = document.pdf if file_format == "pdf" else document.docx
    if not ready or not stored:
        raise Http404
    # "…-so-05-bc-vhtt" for a numbered paper, "…-du-thao-lan-2" for the second draft.
    name = packaging.file_name(document, kind, file_format)
    record_download(request, f"văn bản #{document.pk}: {name}")
    return FileResponse(stored.open("rb"), as_attachment=True, filename=name)


@require_POST
def document_issue(request, pk):
    document, kind = get_document_for(request.user, pk)
    if not kind.can_issue(request.user, document.source):
        raise PermissionDenied
    form = IssueForm(request.POST, issuer=document.issuer, today=timezone.localdate())
    try:
        if not form.is_valid():
            raise services.DocumentError(_("Người ký không hợp lệ."))
        issued = services.issue_document(
            document, by=request.user, signer=form.cleaned_data["signer"]
        )
    except services.DocumentError as error:
        messages.error(request, str(error))
        return _render_detail(request, document, kind, issue_form=form, status=400)
    messages.success(
        request,
        _("Đã cấp số %(ref)s; đang tạo bản phát hành.") % {"ref": issued.issuance.reference},
    )
    return redirect("documents:detail", pk=issued.pk)


@require_POST
def document_retry(request, pk):
    document, kind = get_document_for(request.user, pk)
    try:
        document = services.retry_document(document, by=request.user)
    except services.DocumentError as error:
        messages.error(request, str(error))
        return _render_detail(request, document, kind, status=400)
    if request.htmx:
        return render(request, "documents/_document_status.html", {"document": document})
    return redirect("documents:detail", pk=document.pk)


@require_POST
def document_regenerate(request, pk):
    document, kind = get_document_for(request.user, pk)
    allowed = kind.can_issue if document.issuance_id else kind.can_request
    if not allowed(request.user, document.source):
        raise PermissionDenied
    try:
        regenerated = services.regenerate_document(document, by=request.user)
    except services.DocumentError as error:
        messages.error(request, str(error))
        return _render_detail(request, document, kind, status=400)
    return redirect("documents:detail", pk=regenerated.pk)


# --- Bundles (bulk printing) ----------------------------------------------------------


@require_GET
def bundle_list(request):
    if not can_bundle(request.user):
        raise PermissionDenied
    bundles = DocumentBundle.objects.select_related("requested_by")[:100]
    return render(request, "documents/bundle_list.html", {"bundles": bundles})


@require_GET
def bundle_detail(request, pk):
    bundle = get_bundle_for(request.user, pk)
    parts = bundle.parts.select_related("document").order_by("order")
    return render(request, "documents/bundle_detail.html", {"bundle": bundle, "parts": parts})


@require_GET
def bundle_status(request, pk):
    bundle = get_bundle_for(request.user, pk)
    return render(request, "documents/_bundle_status.html", {"bundle": bundle})


@require_GET
def bundle_download(request, pk):
    bundle = get_bundle_for(request.user, pk)
    if bundle.status != DocumentBundle.Status.DONE or not bundle.pdf:
        raise Http404
    name = f"{file_stem('Bản in gộp', bundle.title)}.pdf"
    record_download(request, f"bản in gộp #{bundle.pk}: {name}")
    return FileResponse(bundle.pdf.open("rb"), as_attachment=True, filename=name)


@require_POST
def bundle_retry(request, pk):
    bundle = get_bundle_for(request.user, pk)
    try:
        bundle = services.retry_bundle(bundle, by=request.user)
    except services.DocumentError as error:
        messages.error(request, str(error))
        return redirect("documents:bundle", pk=bundle.pk)
    if request.htmx:
        return render(request, "documents/_bundle_status.html", {"bundle": bundle})
    return redirect("documents:bundle", pk=bundle.pk)
