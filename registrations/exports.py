"""XLSX export of the registration overview."""

import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.text import local_time, short_date
from units.models import Tier

from .models import DisplayStatus


def overview_xlsx(window, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Đăng ký {window.year}"
    sheet.append([f"TÌNH HÌNH ĐĂNG KÝ THI ĐUA NĂM {window.year}"])
    sheet.append([f"Hạn đăng ký: trước ngày {short_date(window.deadline_on)}"])
    sheet.append([])
    header = ["STT", "Đơn vị", "Khối", "Trạng thái", "Gửi lần đầu lúc", "Thời hạn"]
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
                local_time(first),
                "" if unit.reg_is_late is None else ("Muộn" if unit.reg_is_late else "Đúng hạn"),
            ]
        )
    for column, width in zip("ABCDEF", (6, 48, 38, 20, 20, 12), strict=True):
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
