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
