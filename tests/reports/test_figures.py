"""The typed figures (reports.figures): what an issue stores reads back the same, and an
issue frozen before a section or field existed still renders."""

import copy

import pytest

from reports import figures, queries
from reports.charts import charts_for
from reports.models import SummaryKind, SummaryReport
from reports.tables import tables_for

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def annual_summary(campaign, annual):
    return SummaryReport.objects.create(
        campaign=campaign,
        kind=SummaryKind.ANNUAL,
        year=2024,
        period=annual,
        created_by=UserFactory(office=True),
    )


def test_a_summarys_stored_figures_read_back_as_the_same_typed_figures(
    campaign, annual, known, awarded_2024
):
    stored = queries.summary_figures(annual_summary(campaign, annual))

    typed = figures.load(stored)

    assert isinstance(typed, figures.SummaryFigures)
    assert typed.to_dict() == stored
    registration = typed.sections.registration
    assert registration.total.expected == stored["sections"]["registration"]["total"]["expected"]
    assert [row.tier for row in registration.rows] == [
        row["tier"] for row in stored["sections"]["registration"]["rows"]
    ]
    assert typed.sections.awards.total.awarded == 2


def test_the_reviews_stored_figures_read_back_without_unit_lists(campaign, annual, known):
    stored = queries.review_figures(campaign)

    typed = figures.load(stored)

    assert isinstance(typed, figures.ReviewFigures)
    assert typed.to_dict() == stored
    assert "missing_units" not in stored["per_year"]["2024"]["registration"]
    assert typed.per_year["2024"].registration.missing_units is None


def test_an_issue_frozen_before_extensions_pilot_scores_criteria_and_awards_still_renders(
    campaign, annual, known
):
    stored = queries.summary_figures(annual_summary(campaign, annual))
    old = copy.deepcopy(stored)
    # The first schema-1 issues had neither these sections nor these fields.
    for key in ("criteria", "awards", "pilots"):
        old["sections"].pop(key, None)
    old["sections"]["registration"].pop("extended_units")

    typed = figures.load(old)

    assert typed.sections.criteria is None and typed.sections.awards is None
    assert typed.sections.registration.extended_units == []
    keys = [table.key for table in tables_for(old)]
    assert keys == [
        "units",
        "registration",
        "registration_missing",
        "periodic_reports",
        "report_missing",
        "report_figures",
    ]
    assert [chart.key for chart in charts_for(old)] == ["registration-rate", "report-rate"]


def test_a_pilot_row_frozen_before_scores_reads_as_no_score():
    row = figures.PilotRow.from_dict(
        {
            "name": "Xã Lùng Vai",
            "tier": "Xã, thị trấn",
            "registration": "Đăng ký đúng hạn",
            "registration_status": "Đã tiếp nhận",
            "report": "",
            "report_status": "",
        }
    )

    assert row.score is None and row.rank == ""


def test_no_figures_give_no_tables_and_no_charts():
    assert figures.load({}) is None
    assert tables_for({}) == [] and charts_for(None) == []
