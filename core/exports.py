"""Spreadsheet exports that can never carry a formula (CSV/formula injection, OWASP).

Every XLSX goes through `workbook_bytes` and every CSV row through `csv_row`: a text
cell starting with =, +, -, @, a tab or a carriage return is written as text, never as
a formula — user narrative as much as the portal's own "= 100%".
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV value a spreadsheet program shows as text: risky text gets a leading apostrophe."""
    if value is None:
        return ""
    if is_risky(value):
        return "'" + value
    return value


def csv_row(values):
    return [csv_cell(value) for value in values]


def csv_text(header, rows):
    """CSV text (CRLF lines) with every cell made safe; the caller adds the BOM if wanted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_row(header))
    for row in rows:
        writer.writerow(csv_row(row))
    return buffer.getvalue()


def make_text(cell):
    """Turn a cell openpyxl took for a formula (or any risky text) into a plain text cell."""
    if cell.data_type == "f" or is_risky(cell.value):
        cell.data_type = "s"
        # Excel keeps it text even when someone edits the cell later.
        cell.quotePrefix = True


def workbook_bytes(workbook):
    """The XLSX bytes of `workbook`, with no cell left that a spreadsheet would evaluate."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    make_text(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_append(sheet, values):
    """`sheet.append(values)` for a write-only sheet (its cells cannot be fixed later):
    risky text goes in as a text cell."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if hasattr(value, "data_type"):  # already a cell (a styled one)
            if isinstance(value.value, str):
                make_text(value)
        elif is_risky(value):
            value = WriteOnlyCell(sheet, value=value)
            make_text(value)
        row.append(value)
    sheet.append(row)
