"""Threshold arithmetic: exact comparisons on integers and Decimal, rounding only for display."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.text import percent
from criteria.scoring import (
    Comparison,
    Kind,
    Outcome,
    count_errors,
    evaluate,
    is_eligible,
    number_text,
    requirement_text,
)


def ratio(comparison, threshold, max_points="40"):
    return SimpleNamespace(
        kind=Kind.RATIO,
        comparison=comparison,
        threshold=Decimal(threshold),
        max_points=Decimal(max_points),
    )


GTE_90 = ratio(Comparison.GTE, "90")
GTE_85 = ratio(Comparison.GTE, "85")
GT_90 = ratio(Comparison.GT, "90", "25")
EQ_100 = ratio(Comparison.EQ, "100", "30")


@pytest.mark.parametrize(
    ("criterion", "done", "total", "expected", "shown"),
    [
        (GTE_90, 8999, 10000, Outcome.NOT_MET, "90%"),  # 89.99 % shows as 90% but is below
        (GTE_90, 9000, 10000, Outcome.MET, "90%"),
        (GTE_90, 9001, 10000, Outcome.MET, "90%"),
        (GTE_85, 8499, 10000, Outcome.NOT_MET, "85%"),
        (GTE_85, 85, 100, Outcome.MET, "85%"),
        (GTE_85, 8501, 10000, Outcome.MET, "85%"),
        (GT_90, 8999, 10000, Outcome.NOT_MET, "90%"),
        (GT_90, 90, 100, Outcome.NOT_MET, "90%"),  # "trên 90 %" is strictly greater
        (GT_90, 9001, 10000, Outcome.MET, "90%"),
        (
            EQ_100,
            9999,
            10000,
            Outcome.NOT_MET,
            "100%",
        ),  # 99.99 % shows as 100% but is not 100 %
        (EQ_100, 100, 100, Outcome.MET, "100%"),
        (EQ_100, 99, 100, Outcome.NOT_MET, "99%"),
    ],
)
def test_ratio_threshold_is_compared_exactly_at_the_boundary(
    criterion, done, total, expected, shown
):
    line = evaluate(criterion, total=total, excluded=0, done=done)

    assert line.outcome == expected
    assert percent(line.percent) == shown
    assert line.points == (criterion.max_points if expected == Outcome.MET else Decimal(0))


def test_excluded_items_are_left_out_of_the_percentage():
    line = evaluate(GTE_85, total=412, excluded=12, done=350)

    assert line.percent == Decimal("87.5")
    assert line.outcome == Outcome.MET
    assert line.points == Decimal("40")


def test_excluded_items_decide_the_outcome_at_the_boundary():
    # 90 of 100 files online is 90 %, but with 1 secret file excluded it is 90/99 = 90.9 %.
    assert evaluate(GT_90, total=100, excluded=0, done=90).outcome == Outcome.NOT_MET
    assert evaluate(GT_90, total=100, excluded=1, done=90).outcome == Outcome.MET


def test_nothing_left_to_count_is_not_applicable_not_a_division_error():
    line = evaluate(EQ_100, total=7, excluded=7, done=0)

    assert line.outcome == Outcome.NOT_APPLICABLE
    assert line.percent is None
    assert line.points == Decimal("30")
    assert line.errors == []


def test_zero_total_is_not_applicable():
    assert evaluate(GTE_90, total=0, excluded=0, done=0).outcome == Outcome.NOT_APPLICABLE


def test_percent_is_a_decimal_rounded_half_up_to_one_decimal():
    assert evaluate(GTE_90, total=3, excluded=0, done=2).percent == Decimal("66.7")
    assert evaluate(GTE_90, total=2000, excluded=0, done=1).percent == Decimal(
        "0.1"
    )  # 0.05 rounds up
    assert isinstance(evaluate(GTE_90, total=3, excluded=0, done=2).percent, Decimal)


@pytest.mark.parametrize(
    ("total", "excluded", "done", "message"),
    [
        (-1, 0, 0, "Số liệu phải là số nguyên không âm."),
        (10, -2, 0, "Số liệu phải là số nguyên không âm."),
        (10, 0, 1.5, "Số liệu phải là số nguyên không âm."),
        (10, 11, 0, "Số loại trừ (11) không được lớn hơn tổng số (10)."),
        (
            412,
            12,
            401,
            "Số đã thực hiện (401) không được lớn hơn số cần tính (tổng số trừ số loại trừ = 400).",
        ),
    ],
)
def test_inconsistent_counts_are_explained_in_vietnamese(total, excluded, done, message):
    assert count_errors(total, excluded, done) == [message]
    line = evaluate(GTE_90, total=total, excluded=excluded, done=done)
    assert line.outcome == Outcome.PENDING
    assert line.errors == [message]


def test_consistent_counts_have_no_errors():
    assert count_errors(412, 12, 400) == []
    assert count_errors(412, None, None) == []


def test_missing_figures_are_pending_with_no_points():
    assert evaluate(GTE_90, total=None, excluded=None, done=None).outcome == Outcome.PENDING
    assert evaluate(GTE_90, total=10, excluded=0, done=None).points == Decimal(0)


def test_yes_is_met_and_no_is_not():
    criterion = SimpleNamespace(
        kind=Kind.YES_NO, comparison="", threshold=None, max_points=Decimal("25")
    )

    assert evaluate(criterion, answer=True).outcome == Outcome.MET
    assert evaluate(criterion, answer=True).points == Decimal("25")
    assert evaluate(criterion, answer=False).outcome == Outcome.NOT_MET
    assert evaluate(criterion, answer=None).outcome == Outcome.PENDING


def test_points_are_judged_between_zero_and_the_maximum():
    criterion = SimpleNamespace(
        kind=Kind.POINTS, comparison="", threshold=Decimal("5"), max_points=Decimal("10")
    )

    assert evaluate(criterion, points=Decimal("7.5")).points == Decimal("7.5")
    assert evaluate(criterion, points=Decimal("5")).outcome == Outcome.MET
    assert evaluate(criterion, points=Decimal("4.5")).outcome == Outcome.NOT_MET
    assert evaluate(criterion, points=Decimal("10.5")).errors == ["Điểm phải từ 0 đến 10."]
    assert evaluate(criterion, points=Decimal("-1")).errors == ["Điểm phải từ 0 đến 10."]


def test_eligibility_needs_every_mandatory_line_met_or_not_applicable():
    mandatory, optional = SimpleNamespace(is_mandatory=True), SimpleNamespace(is_mandatory=False)

    assert is_eligible([(mandatory, Outcome.MET), (optional, Outcome.NOT_MET)]) is True
    assert is_eligible([(mandatory, Outcome.NOT_APPLICABLE)]) is True
    assert is_eligible([(mandatory, Outcome.MET), (mandatory, Outcome.NOT_MET)]) is False
    assert is_eligible([(mandatory, Outcome.PENDING)]) is False


def test_numbers_are_shown_the_vietnamese_way():
    assert number_text(Decimal("37.50")) == "37,5"
    assert number_text(Decimal("40.00")) == "40"
    assert number_text(Decimal("1234.5")) == "1.234,5"
    assert requirement_text(GT_90) == "> 90%"
    assert requirement_text(GTE_85) == "≥ 85%"
    assert requirement_text(EQ_100) == "= 100%"
