"""The public copy of an issued award decision (Decree 13/2023/NĐ-CP on personal data).

The public pages show the decision's number, date, signer and its awardees' name,
position, unit and form only; its PDF for the public is rendered from the issued
version's frozen snapshot with the same limit: the annex keeps the name and the
"position, unit" column and drops each person's bonus (the decision's articles, which
name no one, stay). A decision recorded with its paper's number (issued outside the
portal, or the province's) has no PDF here: its copy is built from the decision with
that number and date. Rendered once and kept in the media folder.
"""

import copy

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents.kinds import get_kind
from documents.letterhead import build_letterhead
from documents.models import DocumentType, GeneratedDocument
from documents.rendering import html_to_pdf, render_html
from documents.services import DocumentError

from .models import AwardDecision
from .papers import DECISION_KIND

NOTE = (
    "Bản công khai: chỉ công bố họ tên, chức vụ, đơn vị và hình thức khen thưởng; "
    "các thông tin cá nhân khác đã được lược bỏ (Nghị định số 13/2023/NĐ-CP)."
)
PUBLIC_ROW_KEYS = ("name", "where")


def issued_document(decision):
    """The issued, rendered version of an issued decision, or None."""
    return (
        GeneratedDocument.objects.of(DECISION_KIND, decision)
        .filter(issuance__isnull=False, status=GeneratedDocument.Status.DONE)
        .order_by("-version")
        .first()
    )


def recorded_snapshot(decision):
    """A snapshot of a decision recorded with its paper's number: the letterhead of its
    authority with that number and the decision day, the content as the kind builds it.
    None when the roles of the day cannot name its authority."""
    kind = get_kind(DECISION_KIND)
    try:
        issuer = kind.issuer(decision)
        content = kind.build_content(decision)
    except DocumentError:
        return None
    code, name, abbreviation = kind.doc_type
    # Read, never created here: a public request writes nothing but the cached file.
    doc_type = DocumentType.objects.filter(code=code).first() or DocumentType(
        code=code, name=name, abbreviation=abbreviation
    )
    letterhead = build_letterhead(
        issuer=issuer,
        doc_type=doc_type,
        title_caps=doc_type.name.upper(),
        orientation=kind.orientation,
        signature={"lines": [], "name": ""},
        number=1,
        issued_on=decision.decided_on,
        year=decision.decided_on.year,
    )
    letterhead.update(reference=decision.number, number_line=f"Số: {decision.number}")
    return {"letterhead": letterhead, "content": content}


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


def public_pdf(decision_pk):
    """The stored name of the public copy of issued decision `decision_pk` (rendered on
    first request), or None when it has none."""
    decision = AwardDecision.objects.filter(
        pk=decision_pk, status=AwardDecision.Status.ISSUED
    ).first()
    if decision is None:
        return None, ""
    document = issued_document(decision)
    if document is not None:
        name = f"dossiers/public/quyet-dinh-{document.pk}-ban-cong-khai.pdf"
        snapshot = document.snapshot
    else:
        name = f"dossiers/public/quyet-dinh-so-{decision.pk}-ban-cong-khai.pdf"
        snapshot = None
    reference = document.reference if document is not None else decision.number
    if not default_storage.exists(name):
        snapshot = snapshot or recorded_snapshot(decision)
        if snapshot is None:
            return None, ""
        html = render_html(get_kind(DECISION_KIND).template, public_snapshot(snapshot))
        data, _pages = html_to_pdf(html)
        name = default_storage.save(name, ContentFile(data))
    return name, reference
