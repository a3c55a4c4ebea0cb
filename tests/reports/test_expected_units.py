"""One definition of the units expected to register, the same on every page (issue 9)."""

from registrations.queries import expected_units, overview
from reports import queries
from reports.models import SummaryKind

from ..factories import UnitFactory
from .conftest import D, Status, registered
from .test_queries import summary_of


def test_overview_summaries_and_open_data_count_the_same_expected_units(
    campaign, window, annual, six_month, known
):
    # A commune created after the deadline is not expected unless it registered.
    UnitFactory(name="UBND xã Mới", valid_from=D(2024, 7, 1))
    merged = UnitFactory(name="UBND xã Hợp Nhất", valid_from=D(2024, 7, 1))
    registered(window, merged, Status.SUBMITTED, D(2024, 7, 2), True)

    _rows, counts = overview(window)
    annual_summary = queries.summary_figures(summary_of(campaign, annual))
    six_month_summary = queries.summary_figures(
        summary_of(campaign, six_month, SummaryKind.SIX_MONTH)
    )
    open_data = [row for row in queries.open_data_rows(campaign) if row["nam"] == 2024]

    expected = expected_units(window).count()
    assert sum(counts.values()) == expected
    assert annual_summary["sections"]["registration"]["total"]["expected"] == expected
    assert six_month_summary["sections"]["registration"]["total"]["expected"] == expected
    assert sum(row["phai_dang_ky"] for row in open_data) == expected
    names = set(expected_units(window).values_list("name", flat=True))
    assert "UBND xã Hợp Nhất" in names
    assert "UBND xã Mới" not in names
