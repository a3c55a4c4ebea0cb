"""The arithmetic of a criterion line: percentages, thresholds, outcome and points.

Pure functions on integers and Decimal, never floats: a percentage is compared exactly
(done × 100 against threshold × counted items) and rounded only for display, so
89.99 % is below a 90 % threshold even though it shows as "90%".
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import number, percent

ONE_DECIMAL = Decimal("0.1")


class Kind(models.TextChoices):
    RATIO = "ratio", gettext_lazy("Tỷ lệ (đơn vị nhập số lượng)")
    YES_NO = "yes_no", gettext_lazy("Có/Không (kèm minh chứng)")
    POINTS = "points", gettext_lazy("Điểm do người chấm đánh giá")


class Comparison(models.TextChoices):
    GTE = "gte", gettext_lazy("≥ tối thiểu")
    GT = "gt", gettext_lazy("> trên")
    EQ = "eq", gettext_lazy("= bằng")


class Outcome(models.TextChoices):
    MET = "met", gettext_lazy("Đạt")
    NOT_MET = "not_met", gettext_lazy("Không đạt")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("Không áp dụng")
    PENDING = "", gettext_lazy("Chưa đủ số liệu")


# Outcomes that do not stop a unit from being eligible for an award proposal.
PASSING = (Outcome.MET, Outcome.NOT_APPLICABLE)


@dataclass(frozen=True)
class LineOutcome:
    outcome: str
    points: Decimal
    percent: Decimal | None = None  # rounded to one decimal, for display only
    errors: list = field(default_factory=list)

    @property
    def label(self):
        return Outcome(self.outcome).label


def count_errors(total, excluded, done):
    """Vietnamese messages for counts that cannot be right; empty when they are consistent."""
    errors = []
    for value in (total, excluded, done):
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            errors.append(_("Số liệu phải là số nguyên không âm."))
            return errors
    excluded = excluded or 0
    if total is not None and excluded > total:
        errors.append(
            _("Số loại trừ (%(excluded)s) không được lớn hơn tổng số (%(total)s).")
            % {"excluded": excluded, "total": total}
        )
    elif total is not None and done is not None and done > total - excluded:
        errors.append(
            _(
                "Số đã thực hiện (%(done)s) không được lớn hơn số cần tính (tổng số trừ số loại trừ = %(left)s)."
            )
            % {"done": done, "left": total - excluded}
        )
    return errors


def exact_meets(done, counted, comparison, threshold):
    """Whether done/counted, as a percentage, meets `threshold` under `comparison`, exactly."""
    achieved = Decimal(done) * 100
    required = Decimal(threshold) * counted
    if comparison == Comparison.GTE:
        return achieved >= required
    if comparison == Comparison.GT:
        return achieved > required
    if comparison == Comparison.EQ:
        return achieved == required
    raise ValueError(f"unknown comparison {comparison!r}")


def rounded_percent(done, counted):
    """done/counted as a percentage rounded half-up to one decimal (display only)."""
    return (Decimal(done) * 100 / Decimal(counted)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def evaluate(criterion, *, total=None, excluded=None, done=None, answer=None, points=None):
    """The outcome and points of one line from its figures (the unit's or the reviewer's).

    Ratio: met or not by the exact comparison; "not applicable" when nothing is left to
    count (total − excluded = 0), which earns the line's points and does not block
    eligibility. Yes/no: yes is met. Points: the figure itself (0..max), met when it
    reaches the threshold (or is above 0 when there is none). Missing figures give a
    pending outcome with no points.
    """
    max_points = Decimal(criterion.max_points)
    if criterion.kind == Kind.RATIO:
        excluded = excluded or 0
        errors = count_errors(total, excluded, done)
        if errors:
            return LineOutcome(Outcome.PENDING, Decimal(0), errors=errors)
        if total is None:
            return LineOutcome(Outcome.PENDING, Decimal(0))
        counted = total - excluded
        if counted == 0:
            return LineOutcome(Outcome.NOT_APPLICABLE, max_points)
        if done is None:
            return LineOutcome(Outcome.PENDING, Decimal(0))
        met = exact_meets(done, counted, criterion.comparison, criterion.threshold)
        return LineOutcome(
            Outcome.MET if met else Outcome.NOT_MET,
            max_points if met else Decimal(0),
            percent=rounded_percent(done, counted),
        )
    if criterion.kind == Kind.YES_NO:
        if answer is None:
            return LineOutcome(Outcome.PENDING, Decimal(0))
        return (
            LineOutcome(Outcome.MET, max_points)
            if answer
            else LineOutcome(Outcome.NOT_MET, Decimal(0))
        )
    if points is None:
        return LineOutcome(Outcome.PENDING, Decimal(0))
    points = Decimal(points)
    if points < 0 or points > max_points:
        error = _("Điểm phải từ 0 đến %(max)s.") % {"max": number_text(max_points)}
        return LineOutcome(Outcome.PENDING, Decimal(0), errors=[error])
    met = points >= criterion.threshold if criterion.threshold is not None else points > 0
    return LineOutcome(Outcome.MET if met else Outcome.NOT_MET, points)


def is_eligible(lines):
    """Eligible for an award proposal: every mandatory line passes. `lines` = (criterion, outcome)."""
    return all(outcome in PASSING for criterion, outcome in lines if criterion.is_mandatory)


def number_text(value):
    """A Decimal the Vietnamese way, without useless zeros: 87.50 -> '87,5', 40.00 -> '40'."""
    return "" if value is None else number(Decimal(value), 2)


COMPARISON_SIGNS = {Comparison.GTE: "≥", Comparison.GT: ">", Comparison.EQ: "="}


def requirement_text(criterion):
    """The threshold as people write it: '≥ 85%', '> 90%', '= 100%', 'tối thiểu 5 điểm'."""
    if criterion.kind == Kind.RATIO and criterion.threshold is not None:
        return f"{COMPARISON_SIGNS.get(criterion.comparison, '')} {percent(criterion.threshold, 2)}"
    if criterion.kind == Kind.YES_NO:
        return _("Có (kèm minh chứng)")
    if criterion.threshold is not None:
        return _("tối thiểu %(points)s điểm") % {"points": number_text(criterion.threshold)}
    return ""
