"""Workbook responses: written row by row (openpyxl's write-only mode) and streamed.

A province's exports run to thousands of rows: the write-only mode keeps no cell objects
around, and the file is spooled to disk past a few megabytes, then sent in chunks.
"""

import tempfile

from django.http import FileResponse
from openpyxl.cell import WriteOnlyCell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def styled(sheet, value, **style):
    """A cell with a style (font, fill, alignment) for a write-only sheet."""
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_response(workbook, filename):
    spooled = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    workbook.save(spooled)
    spooled.seek(0)
    return FileResponse(spooled, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
