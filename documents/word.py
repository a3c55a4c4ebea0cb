"""The DOCX twin of a printed document, written from the very HTML that became the PDF.

Print templates use a small vocabulary (p, div, span, b, i, br, tables and the classes
of css/print.css); this module walks that HTML and writes the same text with the same
emphasis into a Word file, so both formats always carry the same content and no kind
needs a second template. FORMATS is the DOCX reading of the print classes.
"""

import io
import re

import tinyhtml5
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HTML_NS = "{http://www.w3.org/1999/xhtml}"
FONT = "Times New Roman"  # Decree 30/2020: Word files use Times New Roman itself
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
BLOCK_TAGS = {"p", "div", "table", "h1", "h2", "h3", "ul", "ol", "li"}
FORMATS = {
    "agency": {"align": "center", "size": 12},
    "nation": {"align": "center"},
    "issuer": {"bold": True},
    "national": {"size": 12, "bold": True},
    "motto": {"size": 14, "bold": True},
    "underline": {"underline": True},
    "number": {"align": "center", "size": 13},
    "place-date": {"align": "center", "italic": True, "size": 13},
    "addressee": {"align": "center", "indent": False, "space_after": 12},
    "draft-mark": {"align": "right", "bold": True, "size": 12, "indent": False},
    "doc-title": {"align": "center", "bold": True, "indent": False, "space_after": 0},
    "doc-subject": {"align": "center", "bold": True, "indent": False, "space_after": 0},
    "basis": {"italic": True},
    "heading": {"bold": True, "align": "left"},
    "no-indent": {"indent": False},
    "center": {"align": "center", "indent": False},
    "right": {"align": "right", "indent": False},
    "bold": {"bold": True},
    "italic": {"italic": True},
    "small": {"size": 12},
    "grid": {"size": 12, "indent": False, "align": "left", "space_after": 0},
    "num": {"align": "center"},
    "group": {"bold": True},
    "total": {"bold": True},
    "recipients": {"align": "left", "space_after": 0},
    "recipients-label": {"size": 12, "bold": True, "italic": True},
    "recipient": {"size": 11},
    "signature": {"align": "center", "bold": True, "space_after": 0},
    "signature-note": {"bold": False, "italic": True, "size": 13},
    "national-alone": {"size": 13, "space_after": 0},
    "place-alone": {"space_after": 12},
    "keep-with-next": {"keep_with_next": True},
}
TAG_FORMATS = {
    "b": {"bold": True},
    "strong": {"bold": True},
    "i": {"italic": True},
    "em": {"italic": True},
    "u": {"underline": True},
    "th": {"bold": True, "align": "center"},
}
RULE_WIDTHS = {"agency-rule": 0.35, "subject-rule": 0.28}
BODY_FORMAT = {"align": "justify", "indent": True, "size": 14, "space_after": 6}
CELL_FORMAT = {"indent": False, "align": "left", "space_after": 0}
PAGE = {
    "portrait": {"width": 210, "height": 297, "margins": (20, 15, 20, 30)},
    "landscape": {"width": 297, "height": 210, "margins": (20, 20, 20, 25)},
}


def html_to_docx(html, *, orientation="portrait"):
    """Return the bytes of a DOCX holding the content of a print template's HTML."""
    root = tinyhtml5.parse(html)
    body = root.find(f"{HTML_NS}body")
    document = Document()
    text_width = _set_up_page(document, orientation)
    _Writer(document).blocks(body, document, dict(BODY_FORMAT), text_width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up_page(document, orientation):
    page = PAGE[orientation]
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if orientation == "landscape" else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page["width"]), Mm(page["height"])
    top, right, bottom, left = page["margins"]
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
        Mm(top),
        Mm(right),
        Mm(bottom),
        Mm(left),
    )
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    # Page numbers centred at the top from page 2 (Decree 30/2020, Annex I).
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    header._p.append(field)
    return page["width"] - left - right


def _local(tag):
    return tag.removeprefix(HTML_NS) if isinstance(tag, str) else ""


def _classes(element):
    return element.get("class", "").split()


def _format_of(element, inherited):
    fmt = dict(inherited)
    fmt.update(TAG_FORMATS.get(_local(element.tag), {}))
    for name in _classes(element):
        fmt.update(FORMATS.get(name, {}))
    return fmt


class _Writer:
    def __init__(self, document):
        self.document = document

    def blocks(self, element, container, fmt, width_mm):
        """Write the block content of `element` into a document or a table cell."""
        self.paragraph = None
        self._text(element.text, container, fmt)
        for child in element:
            tag = _local(child.tag)
            child_fmt = _format_of(child, fmt)
            if tag == "table":
                self.paragraph = None
                self.table(child, container, child_fmt, width_mm)
            elif tag == "div" and "rule" in _classes(child):
                self.paragraph = None
                self.rule(child, container, width_mm)
            elif tag == "div" and "signature-space" in _classes(child):
                self.paragraph = None
                for _ in range(4):
                    self._new_paragraph(container, fmt)
                self.paragraph = None
            elif tag in BLOCK_TAGS:
                self.paragraph = None
                self.blocks(child, container, child_fmt, width_mm)
                self.paragraph = None
            elif tag == "br":
                self._paragraph(container, fmt).add_run().add_break()
            elif tag in ("head", "title", "link", "style", "script"):
                pass
            else:
                self.inline(child, container, child_fmt)
            self._text(child.tail, container, fmt)

    def inline(self, element, container, fmt):
        self._text(element.text, container, fmt)
        for child in element:
            if _local(child.tag) == "br":
                self._paragraph(container, fmt).add_run().add_break()
            else:
                self.inline(child, container, _format_of(child, fmt))
            self._text(child.tail, container, fmt)

    def _text(self, text, container, fmt):
        if not text:
            return
        text = re.sub(r"\s+", " ", text)
        if self.paragraph is None or not self.paragraph.text:
            text = text.lstrip()
        if not text:
            return
        run = self._paragraph(container, fmt).add_run(text)
        run.bold = fmt.get("bold") or None
        run.italic = fmt.get("italic") or None
        run.underline = fmt.get("underline") or None
        if fmt.get("size"):
            run.font.size = Pt(fmt["size"])

    def _paragraph(self, container, fmt):
        if self.paragraph is None:
            self.paragraph = self._new_paragraph(container, fmt)
        return self.paragraph

    def _new_paragraph(self, container, fmt):
        paragraph = container.add_paragraph()
        paragraph.alignment = ALIGN[fmt.get("align", "left")]
        layout = paragraph.paragraph_format
        if fmt.get("space_after"):
            layout.space_after = Pt(fmt["space_after"])
        if fmt.get("indent"):
            layout.first_line_indent = Cm(1.27)
        if fmt.get("keep_with_next"):
            layout.keep_with_next = True
        return paragraph

    def rule(self, element, container, width_mm):
        """A short centred line (under the agency name and the subject) as a paragraph border."""
        fraction = next((RULE_WIDTHS[c] for c in _classes(element) if c in RULE_WIDTHS), 0.3)
        paragraph = container.add_paragraph()
        layout = paragraph.paragraph_format
        side = Mm(width_mm * (1 - fraction) / 2)
        layout.left_indent, layout.right_indent = side, side
        layout.space_before = Pt(3)
        layout.space_after = Pt(6)
        borders = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "6"),
            ("w:space", "1"),
            ("w:color", "000000"),
        ):
            top.set(qn(key), value)
        borders.append(top)
        paragraph._p.get_or_add_pPr().append(borders)
        run = paragraph.add_run()
        run.font.size = Pt(2)

    def table(self, element, container, fmt, width_mm):
        rows = [row for row in element.iter(f"{HTML_NS}tr")]
        if not rows:
            return
        columns = max(sum(int(cell.get("colspan", 1)) for cell in self._cells(row)) for row in rows)
        # Rows are appended one by one: python-docx's table.cell() and table.rows[i]
        # rebuild the whole grid on every call, quadratic on a 30-page table.
        table = container.add_table(rows=0, cols=columns)
        if "grid" in _classes(element):
            table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = self._widths(element, rows[0], columns, width_mm)
        # The grid's own column widths: LibreOffice lays a table out from them, not from
        # the cells, and python-docx writes equal ones.
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
        if "letterhead" in _classes(element):
            _no_cell_margins(table)
        header_rows = {
            id(row) for head in element.iter(f"{HTML_NS}thead") for row in head.iter(f"{HTML_NS}tr")
        }
        cell_fmt = {**fmt, **CELL_FORMAT, **({"size": fmt["size"]} if fmt.get("size") else {})}
        for row_index, row in enumerate(rows):
            docx_row = table.add_row()
            if id(row) in header_rows:
                _repeat_as_header(docx_row)
            row_fmt = _format_of(row, cell_fmt)
            docx_cells = docx_row.cells
            column = 0
            for cell in self._cells(row):
                span = int(cell.get("colspan", 1))
                target = docx_cells[column]
                if span > 1:
                    target = target.merge(docx_cells[column + span - 1])
                if row_index == 0 or span > 1:  # Word takes column widths from the first row
                    target.width = Mm(sum(widths[column : column + span]))
                first = target.paragraphs[0]._p
                first.getparent().remove(first)
                self.blocks(
                    cell, target, _format_of(cell, row_fmt), sum(widths[column : column + span])
                )
                if not target.paragraphs:
                    target.add_paragraph()
                column += span
        if "letterhead" in _classes(element):  # the PDF's 14 pt under the header
            container.add_paragraph().paragraph_format.space_after = Pt(6)
        self.paragraph = None

    @staticmethod
    def _cells(row):
        return [cell for cell in row if _local(cell.tag) in ("td", "th")]

    @staticmethod
    def _widths(element, first_row, columns, width_mm):
        """Column widths in mm from the first row's `w-NN` (percent) classes, else equal."""
        known = {"letterhead": [0.45, 0.55], "signing": [0.5, 0.5], "addressees": [0.25, 0.6]}
        for name in _classes(element):
            if name in known and len(known[name]) == columns:
                return [width_mm * share for share in known[name]]
        shares = []
        for cell in _Writer._cells(first_row):
            span = int(cell.get("colspan", 1))
            share = next((int(c[2:]) for c in _classes(cell) if re.fullmatch(r"w-\d+", c)), None)
            shares.extend([share / span if share else None] * span)
        if len(shares) == columns and None not in shares:
            total = sum(shares)
            return [width_mm * share / total for share in shares]
        return [width_mm / columns] * columns


def _no_cell_margins(table):
    """The header's two columns use their whole width, as in the PDF (no cell padding)."""
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


def _repeat_as_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
