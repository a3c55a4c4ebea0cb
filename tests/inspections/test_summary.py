"""The annual summary's section on the year's inspections (plan III.4)."""

import datetime

import pytest

from inspections import services
from reports import queries as report_queries
from reports.models import PeriodKind, SummaryKind, SummaryReport
from reports.tables import tables_for
from tests.factories import RegistrationFactory, UserFactory
from tests.reports.factories import PeriodFactory

from .conftest import PLANNED_ON, plan

pytestmark = pytest.mark.django_db


def summary(campaign, kind):
    period = PeriodFactory(
        campaign=campaign,
        year=2024,
        kind=PeriodKind.ANNUAL if kind == SummaryKind.ANNUAL else PeriodKind.SIX_MONTH,
    )
    return SummaryReport.objects.create(
        campaign=campaign,
        kind=kind,
        year=2024,
        period=period,
        created_by=UserFactory(office=True),
    )


@pytest.fixture
def two_inspections(inspection, office, window, other_unit):
    services.add_finding(inspection, by=office, text="Tốt.")
    services.add_recommendation(
        inspection, by=office, text="Số hóa.", due_on=datetime.date(2024, 11, 8)
    )
    services.record_inspection(
        inspection,
        by=office,
        visited_on=PLANNED_ON,
        conclusion="Làm tốt.",
        now=datetime.datetime(2024, 10, 8, 15, tzinfo=datetime.UTC),
    )
    RegistrationFactory(window=window, unit=other_unit)
    plan(window, other_unit, office, planned_on=datetime.date(2024, 11, 5))


def test_the_annual_summary_has_an_inspections_section_and_table(campaign, two_inspections):
    figures = report_queries.summary_figures(summary(campaign, SummaryKind.ANNUAL))

    section = figures["sections"]["inspections"]
    assert (section["planned"], section["done"]) == (2, 1)
    assert (section["findings"], section["recommendations"], section["answered"]) == (1, 1, 0)
    assert [r["name"] for r in section["rows"]] == ["UBND xã Lùng Vai", "UBND xã Bản Lầu"]
    assert section["rows"][0]["day"] == "08/10/2024"
    [table] = [t for t in tables_for(figures) if t.key == "inspections"]
    assert table.title == "Kết quả kiểm tra phong trào năm 2024"
    assert table.total_cells[0]["text"] == "Đã kiểm tra 1/2 đơn vị"


def test_the_six_month_summary_has_no_inspections_section(campaign, two_inspections):
    figures = report_queries.summary_figures(summary(campaign, SummaryKind.SIX_MONTH))
    assert figures["sections"]["inspections"] is None
