"""Reading generated PDFs the way a reviewer would: text, page size, fonts, positions."""

import io
import re

from fontTools.ttLib import TTFont
from pypdf import PdfReader

MM = 72 / 25.4


def reader(data):
    return PdfReader(io.BytesIO(data))


def text(data):
    return "\n".join(page.extract_text() for page in reader(data).pages)


def squash(value):
    """Text without any whitespace: pypdf splits words at kerned pairs ("LÙNG V AI")."""
    return re.sub(r"\s+", "", value)


def says(data, phrase):
    return squash(phrase) in squash(text(data))


def page_says(page, phrase):
    """Whether one pypdf page's text holds `phrase` (whitespace ignored)."""
    return squash(phrase) in squash(page.extract_text())


def fonts(data):
    """(PDF font name, family in the embedded font program, its version) of every font."""
    found = set()
    for page in reader(data).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            found.add(
                (
                    str(font["/BaseFont"]).split("+", 1)[-1],
                    program["name"].getDebugName(1),
                    program["name"].getDebugName(5),
                )
            )
    return found


def text_boxes(data):
    """(page number, x, y) in points of the start of every piece of text on every page."""
    boxes = []
    for number, page in enumerate(reader(data).pages, start=1):

        def visit(content, cm, tm, font_dict, font_size, number=number):
            if content.strip():
                boxes.append((number, cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

        page.extract_text(visitor_text=visit)
    return boxes


def top_text(page):
    """The text drawn highest on one pypdf page (the page number, when it has one)."""
    pieces = []

    def visit(content, cm, tm, font_dict, font_size):
        if content.strip():
            pieces.append((cm[5] + tm[5] * cm[3], content.strip()))

    page.extract_text(visitor_text=visit)
    return max(pieces)[1]


def _multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def drawn_boxes(data):
    """(page number, x0, y0, x1, y1) in points of every rectangle and path point drawn on
    every page, read from the content streams with the transformations applied."""
    from pypdf.generic import ContentStream

    boxes = []
    document = reader(data)
    for number, page in enumerate(document.pages, start=1):
        ctm = (1, 0, 0, 1, 0, 0)
        stack = []
        stream = ContentStream(page.get_contents(), document)
        for operands, operator in stream.operations:
            if operator == b"q":
                stack.append(ctm)
            elif operator == b"Q":
                ctm = stack.pop()
            elif operator == b"cm":
                ctm = _multiply(tuple(float(v) for v in operands), ctm)
            elif operator == b"re":
                x, y, w, h = (float(v) for v in operands)
                corners = [_apply(ctm, x, y), _apply(ctm, x + w, y + h)]
                xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                boxes.append((number, min(xs), min(ys), max(xs), max(ys)))
            elif operator in (b"m", b"l"):
                x, y = _apply(ctm, float(operands[0]), float(operands[1]))
                boxes.append((number, x, y, x, y))
    return boxes


def outside(data, *, margin=0.0):
    """Drawn boxes not inside every page's media box less `margin` points (rounding 0.5 pt)."""
    document = reader(data)
    wrong = []
    for number, x0, y0, x1, y1 in drawn_boxes(data):
        box = document.pages[number - 1].mediabox
        left, bottom = float(box.left) + margin - 0.5, float(box.bottom) + margin - 0.5
        right, top = float(box.right) - margin + 0.5, float(box.top) - margin + 0.5
        if x0 < left or y0 < bottom or x1 > right or y1 > top:
            wrong.append((number, round(x0), round(y0), round(x1), round(y1)))
    return wrong
