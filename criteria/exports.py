"""XLSX score sheet of one year and tier (the PDF score sheet belongs to the documents pipeline)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.exports import safe_append
from core.text import percent
from core.xlsx import styled, xlsx_response
from documents.naming import file_stem
from units.models import Tier

from .scoring import Outcome

ELIGIBLE_FILL = PatternFill("solid", fgColor="D1E7DD")


def results_xlsx(results):
    """The score sheet: rank, unit, each criterion's figures and points, total, eligibility.

    Written row by row (write-only workbook) and streamed: a tier has hundreds of units."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Kết quả {results.year}")
    widths = [7, 45] + [22, 9] * len(results.criteria) + [11, 16]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    tier_label = str(Tier(results.tier).label)
    title = _("BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM %(year)s") % {"year": results.year}
    safe_append(sheet, [styled(sheet, title, font=Font(bold=True, size=13))])
    subtitle = tier_label
    if results.criterion_set:
        subtitle += " · " + _("Bộ tiêu chí năm %(year)s, phiên bản %(version)s") % {
            "year": results.year,
            "version": results.criterion_set.version,
        }
    safe_append(sheet, [subtitle])
    safe_append(sheet, [])
    header = [_("Hạng"), _("Đơn vị")]
    for criterion in results.criteria:
        header += [f"{criterion.code} ({criterion.requirement})", f"{criterion.code} – {_('điểm')}"]
    header += [_("Tổng điểm"), _("Đủ điều kiện đề nghị khen thưởng")]
    bold, top = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    safe_append(sheet, [styled(sheet, text, font=bold, alignment=top) for text in header])
    labels = {value: str(label) for value, label in Outcome.choices}
    yes, no = _("Có"), _("Không")
    for row in results.rows:  # queries.year_results_sheet: scored rows, streamed as values
        values = [row.rank, row.unit_name]
        for cell in row.cells:
            values += [_cell_text(cell, labels), cell[1] if cell else None]
        values += [row.score, yes if row.is_eligible else no]
        if row.is_eligible:
            values = [styled(sheet, value, fill=ELIGIBLE_FILL) for value in values]
        safe_append(sheet, values)
    share_row = ["", _("Tỷ lệ đơn vị đạt")]
    for share in results.shares:
        share_row += [
            f"{share.met}/{share.scored} ({percent(share.percent)})" if share.scored else "",
            "",
        ]
    italic = Font(italic=True)
    safe_append(sheet, [styled(sheet, value, font=italic) for value in share_row])
    return xlsx_response(
        workbook, file_stem("Kết quả chấm điểm", results.year, tier_label) + ".xlsx"
    )


def _cell_text(cell, labels):
    """'85% – Đạt' for a ratio line with its percent, else the outcome's label."""
    if cell is None:
        return ""
    outcome, _points, share = cell
    label = labels[outcome]
    return f"{percent(share)} – {label}" if share is not None else label
