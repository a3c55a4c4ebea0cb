"""The public copy of an issued award decision (Decree 13/2023/NĐ-CP on personal data).

The public pages show the decision's number, date, signer and its awardees' name,
position, unit and form only; its PDF for the public is rendered from the issued
version's frozen snapshot with the same limit: the annex keeps the name and the
"position, unit" column and drops each person's bonus (the decision's articles, which
name no one, stay). Rendered once per issued version and kept in the media folder.
"""

import copy

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents.kinds import get_kind
from documents.models import GeneratedDocument
from documents.rendering import html_to_pdf, render_html

from .models import AwardDecision
from .papers import DECISION_KIND

NOTE = (
    "Bản công khai: chỉ công bố họ tên, chức vụ, đơn vị và hình thức khen thưởng; "
    "các thông tin cá nhân khác đã được lược bỏ (Nghị định số 13/2023/NĐ-CP)."
)
PUBLIC_ROW_KEYS = ("name", "where")


def issued_document(decision_pk):
    """The issued, rendered version of an issued decision, or None."""
    decision = AwardDecision.objects.filter(
        pk=decision_pk, status=AwardDecision.Status.ISSUED
    ).first()
    if decision is None:
        return None
    return (
        GeneratedDocument.objects.of(DECISION_KIND, decision)
        .filter(issuance__isnull=False, status=GeneratedDocument.Status.DONE)
        .order_by("-version")
        .first()
    )


def public_snapshot(snapshot):
    """The snapshot with the annex cut to the public columns and the note added."""
    public = copy.deepcopy(snapshot)
    content = public["content"]
    content["rows"] = [
        {key: row.get(key, "") for key in PUBLIC_ROW_KEYS} for row in content.get("rows", [])
    ]
    content.pop("total", None)
    content["public_copy"] = True
    content["public_note"] = NOTE
    return public


def public_pdf(document):
    """The stored name of the public copy of `document` (rendered on first request)."""
    name = f"dossiers/public/quyet-dinh-{document.pk}-ban-cong-khai.pdf"
    if not default_storage.exists(name):
        html = render_html(get_kind(document.kind).template, public_snapshot(document.snapshot))
        data, _pages = html_to_pdf(html)
        name = default_storage.save(name, ContentFile(data))
    return name
