"""XLSX export of the registration overview."""

import io

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from units.models import Tier

from .models import DisplayStatus


def overview_xlsx(window, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Đăng ký {window.year}"
    sheet.append([f"TÌNH HÌNH ĐĂNG KÝ THI ĐUA NĂM {window.year}"])
    sheet.append([f"Hạn đăng ký: trước ngày {window.deadline_on:%d/%m/%Y}"])
    sheet.append([])
    header = ["STT", "Đơn vị", "Khối", "Trạng thái", "Gửi lần đầu lúc"]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for index, row in enumerate(rows, start=1):
        unit = row["unit"]
        first = unit.reg_first_submitted_at
        sheet.append(
            [
                index,
                unit.name,
                str(Tier(unit.tier).label),
                str(DisplayStatus(row["status"]).label),
                timezone.localtime(first).strftime("%H:%M %d/%m/%Y") if first else "",
            ]
        )
    for column, width in zip("ABCDE", (6, 48, 38, 20, 20), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5):
        row[1].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="dang-ky-thi-dua-{window.year}.xlsx"'
    return response
