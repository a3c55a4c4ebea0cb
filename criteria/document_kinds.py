"""The score sheet of a scored assessment (issue 4 "First documents"), on the documents pipeline.

The culture office issues it under its own name and number (plan VI.1: it builds and
applies the scoring criteria); the unit reads it once its results are scored. Content
is frozen JSON: figures, outcomes and points are formatted here, the Vietnamese way.
"""

from django.urls import reverse
from django.utils import timezone

from core.text import percent, short_date
from documents.kinds import DocumentKind, day_of, register
from documents.naming import file_stem
from registrations.roles import roles_on

from .permissions import can_print_score_sheet, can_view_score_sheet, get_assessment_for
from .scoring import Kind, number_text


def _figures(criterion, *, total, excluded, done, answer, points):
    """The figures of a line as printed lines of text ('Tổng số hồ sơ công việc: 412')."""
    if criterion.kind == Kind.RATIO:
        if total is None:
            return []
        lines = [f"{criterion.total_label or 'Tổng số'}: {total}"]
        if criterion.has_exclusions:
            lines.append(f"{criterion.excluded_label}: {excluded or 0}")
        lines.append(f"{criterion.done_label or 'Đã thực hiện'}: {'—' if done is None else done}")
        return lines
    if criterion.kind == Kind.YES_NO:
        return [] if answer is None else ["Có" if answer else "Không"]
    return [] if points is None else [f"{number_text(points)} điểm"]


def _outcome(evaluation):
    """'87,5% – Đạt', or the outcome alone when there is no percentage."""
    label = str(evaluation.label)
    if evaluation.percent is not None:
        return f"{percent(evaluation.percent)} – {label}"
    return label


def _line(result):
    criterion = result.criterion
    own = _figures(criterion, **result.unit_figures())
    own_evaluation = result.self_evaluation
    final_evaluation = result.final_evaluation
    return {
        "code": criterion.code,
        "text": criterion.text,
        "requirement": criterion.requirement,
        "is_mandatory": criterion.is_mandatory,
        "max_points": number_text(criterion.max_points),
        "unit_figures": own,
        "self_outcome": _outcome(own_evaluation),
        "self_points": number_text(result.self_points),
        "checked_figures": _figures(criterion, **result.checked_figures()),
        "final_outcome": _outcome(final_evaluation),
        "final_points": number_text(result.final_points),
        "is_corrected": result.is_corrected,
        "reason": result.review_reason,
    }


def _score_sheet_content(assessment):
    year = assessment.year
    unit = assessment.unit
    results = list(assessment.results.select_related("criterion"))
    max_total = sum((r.criterion.max_points for r in results), 0)
    unmet = [
        r.criterion.code
        for r in results
        if r.criterion.is_mandatory and r.final_outcome not in ("met", "not_applicable")
    ]
    final_score = number_text(assessment.final_score)
    if assessment.is_eligible:
        verdict = "Đủ điều kiện đề nghị khen thưởng: mọi tiêu chí bắt buộc đều đạt."
    else:
        verdict = (
            "Chưa đủ điều kiện đề nghị khen thưởng: tiêu chí bắt buộc chưa đạt "
            + ", ".join(unmet)
            + "."
        )
    scored_on = short_date(timezone.localtime(assessment.scored_at))
    reviewer = assessment.scored_by.full_name if assessment.scored_by else ""
    criterion_set = assessment.criterion_set
    office = roles_on(criterion_set.campaign, timezone.localdate()).standing_office.sentence_name
    return {
        "subject": f"Kết quả thực hiện tiêu chí thi đua về chuyển đổi số năm {year}",
        "unit": unit.name,
        "intro": (
            f"Căn cứ bộ tiêu chí năm {year} khối {criterion_set.get_tier_display()} "
            f"(phiên bản {criterion_set.version}), số liệu đơn vị báo cáo và kết quả thẩm định, "
            f"{office} chấm điểm kết quả thực hiện tiêu chí của {unit.name} như sau:"
        ),
        "lines": [_line(result) for result in results],
        "max_total": number_text(max_total),
        "self_total": number_text(assessment.self_score),
        "final_total": final_score,
        "is_eligible": bool(assessment.is_eligible),
        "score_line": (
            f"Tổng điểm chấm: {final_score}/{number_text(max_total)} điểm "
            f"(đơn vị tự chấm: {number_text(assessment.self_score)} điểm)."
        ),
        "verdict": verdict,
        "scored_line": f"Ngày chấm: {scored_on}"
        + (f"; người chấm: {reviewer}." if reviewer else "."),
        "recipients": [unit.name],
    }


def _issuer(assessment):
    return roles_on(assessment.criterion_set.campaign, timezone.localdate()).standing_office


register(
    DocumentKind(
        code="score_sheet",
        label="Bảng chấm điểm thi đua",
        template="print/score_sheet.html",
        source_model="criteria.Assessment",
        get_source=get_assessment_for,
        build_content=_score_sheet_content,
        issuer=_issuer,
        doc_type=("bang-cham-diem", "Bảng chấm điểm thi đua", "BCĐ"),
        title=lambda assessment: (
            f"Bảng chấm điểm thi đua năm {assessment.year} – {assessment.unit.name}"
        ),
        file_name=lambda assessment: file_stem(
            "Bảng chấm điểm", assessment.year, assessment.unit.name
        ),
        cites=lambda a: [("kết quả chấm điểm", day_of(a.scored_at))],
        can_request=can_print_score_sheet,
        can_view=can_view_score_sheet,
        can_issue=can_print_score_sheet,
        # Nine columns of figures: the sheet is printed across the page.
        orientation="landscape",
        source_url=lambda assessment: reverse("criteria:detail", args=[assessment.pk]),
    )
)
