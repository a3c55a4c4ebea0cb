"""XLSX export of the registration overview."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from core.exports import safe_append
from core.text import local_time, short_date
from core.xlsx import styled, xlsx_response
from units.models import Tier

from .models import DisplayStatus


def overview_xlsx(window, rows):
    """The overview as a workbook; `rows` are queries.overview_rows (values, streamed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Đăng ký {window.year}")
    for column, width in zip("ABCDEFG", (6, 48, 38, 20, 20, 12, 16), strict=True):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    safe_append(
        sheet,
        [
            styled(
                sheet, f"TÌNH HÌNH ĐĂNG KÝ THI ĐUA NĂM {window.year}", font=Font(bold=True, size=13)
            )
        ],
    )
    safe_append(sheet, [f"Hạn đăng ký: trước ngày {short_date(window.deadline_on)}"])
    safe_append(sheet, [])
    header = ["STT", "Đơn vị", "Khối", "Trạng thái", "Gửi lần đầu lúc", "Thời hạn", "Gia hạn đến"]
    safe_append(sheet, [styled(sheet, text, font=bold) for text in header])
    # Labels looked up once, not per row: a province exports some 2,000 rows.
    tiers = {value: str(label) for value, label in Tier.choices}
    statuses = {value: str(label) for value, label in DisplayStatus.choices}
    wrap = Alignment(wrap_text=True)
    for index, row in enumerate(rows.iterator(chunk_size=500), start=1):
        first = row["reg_first_submitted_at"]
        late = row["reg_is_late"]
        safe_append(
            sheet,
            [
                index,
                styled(sheet, row["name"], alignment=wrap),
                tiers.get(row["tier"], row["tier"]),
                statuses[row["status"]],
                local_time(first),
                "" if late is None else ("Muộn" if late else "Đúng hạn"),
                short_date(row["ext_on"]),
            ],
        )
    return xlsx_response(workbook, f"dang-ky-thi-dua-{window.year}.xlsx")
