"""XLSX score sheet of one year and tier (the PDF score sheet belongs to the documents pipeline)."""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from units.models import Tier

from .scoring import Kind, Outcome, percent_text

ELIGIBLE_FILL = PatternFill("solid", fgColor="D1E7DD")


def results_xlsx(results):
    """The score sheet: rank, unit, each criterion's figures and points, total, eligibility."""
    workbook = Workbook()
    sheet = workbook.active
    tier_label = str(Tier(results.tier).label)
    sheet.title = f"Kết quả {results.year}"
    sheet.append(
        [_("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM %(year)s") % {"year": results.year}]
    )
    subtitle = tier_label
    if results.criterion_set:
        subtitle += " · " + _("Bộ tiêu chí năm %(year)s, phiên bản %(version)s") % {
            "year": results.year,
            "version": results.criterion_set.version,
        }
    sheet.append([subtitle])
    sheet.append([])
    header = [_("Hạng"), _("Đơn vị")]
    for criterion in results.criteria:
        header += [f"{criterion.code} ({criterion.requirement})", f"{criterion.code} – {_('điểm')}"]
    header += [_("Tổng điểm"), _("Đủ điều kiện đề nghị khen thưởng")]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    for row in results.scored_rows:
        values = [row.rank, row.unit.name]
        for criterion in results.criteria:
            result = row.lines.get(criterion.code)
            values += [_line_text(result), result.final_points if result else None]
        values += [row.score, _("Có") if row.is_eligible else _("Không")]
        sheet.append(values)
        if row.is_eligible:
            for cell in sheet[sheet.max_row]:
                cell.fill = ELIGIBLE_FILL
    share_row = ["", _("Tỷ lệ đơn vị đạt")]
    for share in results.shares:
        share_row += [
            f"{share.met}/{share.scored} ({percent_text(share.percent)})" if share.scored else "",
            "",
        ]
    sheet.append(share_row)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(italic=True)
    widths = [7, 45] + [22, 9] * len(results.criteria) + [11, 16]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-cham-diem-{results.year}-{results.tier}.xlsx"'
    )
    return response


def _line_text(result):
    if result is None:
        return ""
    label = str(Outcome(result.final_outcome).label)
    if result.criterion.kind == Kind.RATIO:
        evaluation = result.final_evaluation
        if evaluation.percent is not None:
            return f"{percent_text(evaluation.percent)} – {label}"
    return label
