"""Rendering for the bulk print of a meeting's dossiers (no state changes here).

A dossier is the unit's Tờ trình and the achievement report of each of its nominees
before the council. Each paper is the newest finished version from the documents
pipeline (an issued one first); a paper never printed is rendered now as a draft from
the same template and content builder, so the bulk file reads like the single papers.
"""

import io

from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from documents.kinds import get_kind
from documents.letterhead import build_letterhead
from documents.models import GeneratedDocument
from documents.rendering import html_to_pdf, render_html
from documents.services import document_type_for, signature_for


def dossier_papers(proposal, nominees):
    """[(kind code, source)] of one dossier, in the order they are filed."""
    return [("award_proposal_letter", proposal)] + [("achievement_report", n) for n in nominees]


def paper_pdf(kind_code, source):
    """PDF bytes of one paper: its newest finished version, else a draft rendered now."""
    existing = (
        GeneratedDocument.objects.of(kind_code, source)
        .filter(status=GeneratedDocument.Status.DONE)
        .order_by(F("issuance").desc(nulls_last=True), "-version")
        .first()
    )
    if existing is not None:
        with existing.pdf.open("rb") as handle:
            return handle.read()
    kind = get_kind(kind_code)
    issuer = kind.issuer(source)
    doc_type = document_type_for(kind)
    today = timezone.localdate()
    snapshot = {
        "letterhead": build_letterhead(
            issuer=issuer,
            doc_type=doc_type,
            title_caps=doc_type.name.upper(),
            orientation=kind.orientation,
            signature=signature_for(issuer, today),
            year=today.year,
        ),
        "content": kind.build_content(source),
    }
    pdf, _pages = html_to_pdf(render_html(kind.template, snapshot))
    return pdf


def concatenate(pdfs):
    """(bytes, page count) of PDFs one after the other."""
    writer = PdfWriter()
    for data in pdfs:
        writer.append(PdfReader(io.BytesIO(data)))
    return _written(writer), len(writer.pages)


def merge_with_contents(title, subtitle, parts):
    """One PDF: a table of contents, then every part, with a bookmark per part.

    `parts` is a list of (label, details, pdf bytes, page count). Start pages count the
    contents pages themselves, so the contents are laid out until their length settles.
    """
    toc_pages, toc = 1, b""
    for _attempt in range(3):
        start, rows = toc_pages + 1, []
        for label, details, _data, pages in parts:
            rows.append({"label": label, "details": details, "page": start})
            start += pages
        html = render_to_string(
            "print/dossiers/bulk_contents.html",
            {"title": title, "subtitle": subtitle, "rows": rows},
        )
        toc, pages = html_to_pdf(html)
        if pages == toc_pages:
            break
        toc_pages = pages
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(toc)))
    for (label, _details, data, _pages), row in zip(parts, rows, strict=True):
        writer.append(PdfReader(io.BytesIO(data)))
        writer.add_outline_item(label, row["page"] - 1)
    return _written(writer), len(writer.pages)


def _written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
