"""Many PDFs into one: a table of contents page, then every part, with PDF bookmarks.

The contents page is rendered by the same WeasyPrint pipeline (shipped font, locked
fetcher). Its own length decides where the parts start, so it is rendered again until
the page numbers it prints are the ones it produces (a second pass settles it: the
numbers only change when the contents grow a page).
"""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from .rendering import html_to_pdf

CONTENTS_TEMPLATE = "print/bundle_contents.html"


def merge_with_contents(title, parts, *, subtitle="", headings=None):
    """Return (pdf bytes, page count, start page of each part) for `parts`.

    `parts` is a list of dicts with "title", "reference" and "pdf" (bytes). Page numbers
    are those of the merged file, the contents page(s) included. `headings` renames the
    title and reference columns (a bulk print of dossiers lists units, not documents).
    """
    headings = headings or {
        "title": _("Văn bản"),
        "reference": _("Số, ký hiệu"),
        "noun": _("văn bản"),
    }
    readers = [PdfReader(io.BytesIO(part["pdf"])) for part in parts]
    lengths = [len(reader.pages) for reader in readers]
    contents_pages, contents = 1, None
    for _attempt in range(4):
        starts = _starts(contents_pages, lengths)
        html = render_to_string(
            CONTENTS_TEMPLATE,
            {
                "title": title,
                "subtitle": subtitle,
                "entries": [
                    {**{k: part[k] for k in ("title", "reference")}, "start": start, "pages": n}
                    for part, start, n in zip(parts, starts, lengths, strict=True)
                ],
                "total_pages": contents_pages + sum(lengths),
                "headings": headings,
            },
        )
        contents, pages = html_to_pdf(html)
        if pages == contents_pages:
            break
        contents_pages = pages
    starts = _starts(pages, lengths)  # what the bookmarks point at, whatever the contents say
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(contents)), import_outline=False)
    writer.add_outline_item(_("Mục lục"), 0)
    for part, reader, start in zip(parts, readers, starts, strict=True):
        writer.append(reader, import_outline=False)
        label = f"{part['title']} ({part['reference']})" if part["reference"] else part["title"]
        writer.add_outline_item(label, start - 1)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), pages + sum(lengths), starts


def _starts(contents_pages, lengths):
    starts, page = [], contents_pages + 1
    for length in lengths:
        starts.append(page)
        page += length
    return starts
