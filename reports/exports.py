"""Downloads: an issued summary as XLSX (one sheet per table), open data as CSV and JSON."""

import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.exports import csv_text, workbook_bytes
from registrations.models import CampaignRole
from registrations.roles import holder_today

from .queries import OPEN_DATA_FIELDS
from .tables import MONEY, NUMBER, PERCENT, TEXT, tables_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def issue_workbook(issue):
    """The issue's tables, one sheet each, plus its narrative: bytes of an XLSX file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    figures = issue.figures
    for table in tables_for(figures):
        sheet = workbook.create_sheet(_sheet_name(workbook, table.sheet))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([f"{figures['title']} – {_('phát hành lần')} {issue.number}"])
        sheet.append([])
        sheet.append([column.label for column in table.columns])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in [*table.rows, *([table.total] if table.total else [])]:
            sheet.append(
                [
                    _xlsx_value(column, value)
                    for column, value in zip(table.columns, row, strict=True)
                ]
            )
            for column, cell in zip(table.columns, sheet[sheet.max_row], strict=True):
                if column.kind == PERCENT:
                    cell.number_format = "0.0%"
                elif column.kind == MONEY:
                    cell.number_format = '#,##0 "đồng"'
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
            sheet.cell(sheet.max_row, 1).font = Font(italic=True)
        for index, column in enumerate(table.columns, start=1):
            width = 46 if column.kind == TEXT and index <= 2 else 16
            sheet.column_dimensions[get_column_letter(index)].width = width
    sheet = workbook.create_sheet(_sheet_name(workbook, _("Thuyết minh")))
    sheet.append([figures["title"]])
    sheet["A1"].font = Font(bold=True, size=13)
    for part in issue.narrative:
        sheet.append([])
        sheet.append([part["title"]])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append([part["text"]])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 120
    return workbook_bytes(workbook)


def _xlsx_value(column, value):
    if value is None:
        return None
    if column.kind == PERCENT:
        return value / 100
    if column.kind in (NUMBER, MONEY):
        return value
    return str(value)


def _sheet_name(workbook, name):
    """Sheet names: at most 31 characters, no []:*?/\\, unique in the workbook."""
    clean = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31]
    candidate, n = clean, 2
    while candidate in workbook.sheetnames:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def xlsx_response(content, file_name):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name}.xlsx"'
    return response


def open_data_csv(rows):
    """UTF-8 with a BOM so spreadsheet programs read the Vietnamese labels right."""
    text = csv_text(
        [name for name, _label in OPEN_DATA_FIELDS],
        ([row[name] for name, _label in OPEN_DATA_FIELDS] for row in rows),
    )
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="thi-dua-chuyen-doi-so.csv"'
    return response


def open_data_json(campaign, rows):
    payload = {
        "dataset": _("Kết quả phong trào thi đua về chuyển đổi số theo năm và khối đơn vị"),
        "campaign": campaign.name if campaign else "",
        "publisher": (
            holder_today(campaign, CampaignRole.Kind.STANDING_OFFICE, "") if campaign else ""
        ),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "note": _("Số liệu tổng hợp, không có thông tin cá nhân."),
        "fields": [{"name": name, "description": str(label)} for name, label in OPEN_DATA_FIELDS],
        "rows": rows,
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="thi-dua-chuyen-doi-so.json"'
    return response
