"""Access to generated documents: whatever the document's kind says about its source."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .kinds import get_kind
from .models import DocumentBundle, GeneratedDocument


def can_bundle(user):
    """Bundles are for those who see every unit (office, council, admin: design, roles)."""
    return user.is_oversight


def get_document_for(user, pk):
    """The version `pk` with its kind and source, if `user` may see the source.

    404 when the source is hidden from the user (another unit's registration), 403
    when the user sees the source but the kind keeps its documents from that role.
    """
    document = get_object_or_404(
        GeneratedDocument.objects.select_related("issuer", "issuance"), pk=pk
    )
    kind = get_kind(document.kind)
    source = kind.get_source(user, document.object_id)
    if not kind.can_view(user, source):
        raise PermissionDenied
    document.source = source
    return document, kind


def get_bundle_for(user, pk):
    """The bundle `pk` if `user` may see bundles (office, council, admin), else 403; 404 if none.

    A bundle holds documents of many units, so it belongs to the roles that see every
    unit, whoever of them asked for it (request_bundle checked each part for the asker).
    """
    if not can_bundle(user):
        raise PermissionDenied
    return get_object_or_404(DocumentBundle.objects.select_related("requested_by"), pk=pk)
