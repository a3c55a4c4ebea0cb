import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registrations.models import Registration
from reports import queries
from reports.models import PeriodicReport, SummaryKind, SummaryReport
from units.models import Tier

from ..criteria.helpers import submitted_assessments
from ..factories import RegistrationFactory, UnitFactory, UserFactory, office_unit
from .conftest import at, reported
from .factories import ReportTargetFactory

pytestmark = pytest.mark.django_db


def summary_of(campaign, period, kind=SummaryKind.ANNUAL):
    return SummaryReport.objects.create(
        campaign=campaign,
        kind=kind,
        year=period.year if period else campaign.end_year,
        period=period,
        created_by=UserFactory(office=True),
    )


def rows_by_tier(section):
    return {
        row["tier"]: {k: v for k, v in row.items() if k not in ("tier", "label")}
        for row in section["rows"]
    }


def test_units_per_tier_count_active_started_and_ended_in_the_period(campaign, annual, known):
    figures = queries.summary_figures(summary_of(campaign, annual))

    units = figures["sections"]["units"]
    assert units["as_of"] == "14/12/2024"
    assert rows_by_tier(units) == {
        Tier.DISTRICT_AGENCY: {"active": 3, "started": 1, "ended": 0},
        Tier.COMMUNE: {"active": 4, "started": 0, "ended": 1},
        Tier.ENTERPRISE: {"active": 2, "started": 1, "ended": 0},
    }
    assert units["total"] == {
        "tier": "",
        "label": "Tổng cộng",
        "active": 9,
        "started": 2,
        "ended": 1,
    }


def test_registration_counts_on_time_late_missing_and_lists_the_missing_units(
    campaign, annual, known
):
    figures = queries.summary_figures(summary_of(campaign, annual))

    registration = figures["sections"]["registration"]
    assert registration["deadline_on"] == "20/02/2024"
    assert rows_by_tier(registration) == {
        # The two offices never registered; g (successor of f, another tier) registered late.
        Tier.DISTRICT_AGENCY: {
            "expected": 3,
            "on_time": 0,
            "late": 1,
            "missing": 2,
            "returned": 0,
            "accepted": 0,
            "rate": 33.3,
            "on_time_rate": 0.0,
        },
        # f ended mid-year but existed when registration closed: it counts as missing.
        Tier.COMMUNE: {
            "expected": 5,
            "on_time": 2,
            "late": 1,
            "missing": 2,
            "returned": 1,
            "accepted": 1,
            "rate": 60.0,
            "on_time_rate": 40.0,
        },
        # h started after the deadline and did not register: not expected.
        Tier.ENTERPRISE: {
            "expected": 1,
            "on_time": 0,
            "late": 0,
            "missing": 1,
            "returned": 0,
            "accepted": 0,
            "rate": 0.0,
            "on_time_rate": 0.0,
        },
    }
    total = registration["total"]
    assert (
        total["expected"],
        total["on_time"],
        total["late"],
        total["missing"],
        total["rate"],
    ) == (9, 2, 2, 5, 44.4)
    assert registration["missing_units"] == [
        {"name": "Phòng Nội vụ", "tier": "Cơ quan, ban ngành, đoàn thể cấp huyện"},
        {"name": "Phòng Văn hóa và Thông tin", "tier": "Cơ quan, ban ngành, đoàn thể cấp huyện"},
        {"name": "UBND xã Dương", "tier": "UBND xã, thị trấn"},
        {"name": "UBND xã Phú", "tier": "UBND xã, thị trấn"},
        {"name": "HTX Đào", "tier": "Doanh nghiệp, hợp tác xã"},
    ]


def test_periodic_reports_received_count_returned_ones_and_leave_out_units_that_ended(
    campaign, annual, known
):
    figures = queries.summary_figures(summary_of(campaign, annual))

    reports = figures["sections"]["periodic_reports"]
    assert (reports["period"], reports["due_on"]) == ("Năm 2024", "20/12/2024")
    assert rows_by_tier(reports) == {
        Tier.DISTRICT_AGENCY: {
            "expected": 3,
            "on_time": 0,
            "late": 0,
            "missing": 3,
            "acknowledged": 0,
            "returned": 0,
            "rate": 0.0,
        },
        Tier.COMMUNE: {
            "expected": 4,
            "on_time": 2,
            "late": 1,
            "missing": 1,
            "acknowledged": 1,
            "returned": 1,
            "rate": 75.0,
        },
        Tier.ENTERPRISE: {
            "expected": 2,
            "on_time": 1,
            "late": 0,
            "missing": 1,
            "acknowledged": 0,
            "returned": 0,
            "rate": 50.0,
        },
    }
    assert [u["name"] for u in reports["missing_units"]] == [
        "Ban Quản lý Giang",
        "Phòng Nội vụ",
        "Phòng Văn hóa và Thông tin",
        "UBND xã Dương",
        "HTX Đào",
    ]
    figures_by_key = {f["key"]: f["value"] for f in reports["figures"]}
    # a + b + h; the returned report (c) and the drafts (d, g) are not results yet.
    assert figures_by_key["communication_activities"] == 5 + 3 + 1
    assert figures_by_key["people_trained"] == 40 + 20
    assert reports["targets"] == {"met": 2, "in_progress": 1, "not_met": 1, "total": 4}


def test_pilot_units_show_their_registration_and_report_status(campaign, annual, known):
    figures = queries.summary_figures(summary_of(campaign, annual))

    assert figures["sections"]["pilots"]["rows"] == [
        {
            "name": "Phòng Văn hóa và Thông tin",
            "tier": "Cơ quan, ban ngành, đoàn thể cấp huyện",
            "registration": "Chưa đăng ký",
            "registration_status": "",
            "report": "Chưa gửi",
            "report_status": "",
            "score": None,
            "rank": "",
        },
        {
            "name": "UBND xã An",
            "tier": "UBND xã, thị trấn",
            "registration": "Đăng ký đúng hạn",
            "registration_status": "Đã tiếp nhận",
            "report": "Đã gửi đúng hạn",
            "report_status": "Đã ghi nhận",
            "score": None,
            "rank": "",
        },
    ]


def test_figures_are_plain_json(campaign, annual, known):
    figures = queries.summary_figures(summary_of(campaign, annual))

    assert json.loads(json.dumps(figures)) == figures
    assert figures["title"] == "Kết quả thực hiện phong trào thi đua về chuyển đổi số năm 2024"
    assert figures["period"] == {
        "label": "Năm 2024",
        "kind": "annual",
        "starts_on": "15/12/2023",
        "ends_on": "14/12/2024",
        "due_on": "20/12/2024",
    }


def add_units(window, period, count):
    for index in range(count):
        unit = UnitFactory(tier=Tier.COMMUNE if index % 2 else Tier.ENTERPRISE)
        RegistrationFactory(
            window=window,
            unit=unit,
            status=Registration.Status.SUBMITTED,
            first_submitted_at=at(datetime.date(2024, 2, 1)),
            is_late=False,
        )
        report = reported(
            period, unit, PeriodicReport.Status.SUBMITTED, datetime.date(2024, 12, 1), False
        )
        ReportTargetFactory(report=report, progress="met")


def count_queries(function):
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_summary_query_count_is_the_same_for_few_and_many_units(
    campaign, window, annual, office, commune_set, awarded_2024
):
    summary = SummaryReport.objects.select_related("campaign", "period").get(
        pk=summary_of(campaign, annual).pk
    )
    campaign.pilot_units.set([office_unit(campaign)])
    add_units(window, annual, 1)
    submitted_assessments(campaign, 1, score=True, office=office)
    few = count_queries(lambda: queries.summary_figures(summary))

    add_units(window, annual, 12)
    submitted_assessments(campaign, 5, score=True, office=office)
    many = count_queries(lambda: queries.summary_figures(summary))

    # Seven to load (with the deadline extensions), one for the campaign's role holders
    # (the header's plan issuer and office), one for the pilots' scores, four for the
    # commune criteria, two for each tier without a set, two for the awards, one for the
    # year's inspections.
    assert few == many == 7 + 1 + 1 + 4 + 2 * 2 + 2 + 1


def test_review_query_count_is_the_same_for_few_and_many_units(
    campaign, window, annual, office, commune_set
):
    add_units(window, annual, 1)
    submitted_assessments(campaign, 1, score=True, office=office)
    few = count_queries(lambda: queries.review_figures(campaign))

    add_units(window, annual, 12)
    submitted_assessments(campaign, 5, score=True, office=office)
    many = count_queries(lambda: queries.review_figures(campaign))

    assert few == many


def test_review_puts_every_campaign_year_side_by_side(
    campaign, annual, six_month, known, window_2023
):
    figures = queries.review_figures(campaign)

    assert figures["years"] == [2022, 2023, 2024, 2025]
    assert figures["per_year"]["2022"]["registration"] is None  # no window that year
    assert (
        figures["per_year"]["2023"]["registration"]["total"]["expected"] == 9
    )  # i still existed in 2023; g and h not yet
    year = figures["per_year"]["2024"]
    assert year["registration"]["total"]["rate"] == 44.4
    assert year["annual_reports"]["total"]["rate"] == 44.4
    assert year["six_month_reports"]["total"]["on_time"] == 0
    assert "missing_units" not in year["registration"]


def test_criteria_attainment_scores_and_ranking_per_tier(
    campaign, window, annual, office, commune_set
):
    # Three communes scored: X1 done 350, 330, 310 of 400 counted (87.5, 82.5, 77.5 %, ≥ 85% needed).
    first, second, third = submitted_assessments(campaign, 3, score=True, office=office)
    submitted_assessments(campaign, 1)  # waiting in the queue: not a result yet
    campaign.pilot_units.set([third.unit])

    sections = queries.summary_figures(summary_of(campaign, annual))["sections"]
    criteria = sections["criteria"]

    assert criteria["buckets"] == ["< 50%", "50–70%", "70–90%", "≥ 90%"]
    (commune,) = criteria["tiers"]  # only the commune set exists this year
    assert {
        k: commune[k]
        for k in (
            "tier",
            "scored",
            "pending",
            "eligible",
            "max_points",
            "average_score",
            "top_score",
            "distribution",
        )
    } == {
        "tier": "commune",
        "scored": 3,
        "pending": 1,
        "eligible": 1,
        "max_points": 100.0,
        "average_score": 73.3,
        "top_score": 100.0,
        "distribution": [0, 2, 0, 1],
    }
    assert [
        (c["code"], c["scored"], c["met"], c["share"], c["average_percent"])
        for c in commune["criteria"]
    ] == [
        ("X1", 3, 1, 33.3, 82.5),
        ("X2", 3, 3, 100.0, 100.0),
        ("X3", 3, 3, 100.0, 100.0),
    ]
    assert [(r["rank"], r["name"], r["score"], r["eligible"]) for r in commune["ranking"]] == [
        (1, first.unit.name, 100.0, True),
        (2, second.unit.name, 60.0, False),
        (2, third.unit.name, 60.0, False),
    ]
    (pilot,) = sections["pilots"]["rows"]
    assert (pilot["name"], pilot["score"], pilot["rank"]) == (third.unit.name, 60.0, "2/3")


def test_open_data_has_counts_per_year_and_tier_and_no_names(campaign, annual, known):
    rows = queries.open_data_rows(campaign, today=datetime.date(2025, 1, 10))

    assert [(r["nam"], r["khoi"]) for r in rows] == [
        (2024, Tier.DISTRICT_AGENCY),
        (2024, Tier.COMMUNE),
        (2024, Tier.ENTERPRISE),
    ]
    commune = rows[1]
    assert commune == {
        "nam": 2024,
        "khoi": "commune",
        "ten_khoi": "UBND xã, thị trấn",
        "so_don_vi": 4,
        "phai_dang_ky": 5,
        "dang_ky_dung_han": 2,
        "dang_ky_muon": 1,
        "chua_dang_ky": 2,
        "ty_le_dang_ky": 60.0,
        "bao_cao_6_thang_da_nhan": 0,
        "bao_cao_nam_da_nhan": 3,
        "tap_the_duoc_khen_thuong": 0,
        "ca_nhan_duoc_khen_thuong": 0,
    }
    text = json.dumps(rows, ensure_ascii=False)
    assert "UBND xã An" not in text and "Phú" not in text


def test_open_data_leaves_out_years_whose_registration_has_not_opened(campaign, annual, known):
    assert queries.open_data_rows(campaign, today=datetime.date(2023, 12, 31)) == []


def test_awards_by_form_and_tier_with_the_bonus_of_issued_decisions(campaign, annual, awarded_2024):
    awards = queries.summary_figures(summary_of(campaign, annual))["sections"]["awards"]

    assert awards["proposals"] == {"sent": 1, "submitted": 0, "returned": 0, "accepted": 1}
    common = {
        "form": "Giấy khen của Chủ tịch UBND huyện",
        "tier": "commune",
        "tier_label": "UBND xã, thị trấn",
    }
    counts = {"proposed": 1, "approved": 1, "forwarded": 0, "awarded": 1}
    assert awards["rows"] == [
        {
            **common,
            "subject": "collective",
            "subject_label": "Tập thể",
            **counts,
            "bonus": 1_410_000,
        },
        {**common, "subject": "individual", "subject_label": "Cá nhân", **counts, "bonus": 710_000},
    ]
    assert awards["total"] == {
        "proposed": 2,
        "approved": 2,
        "forwarded": 0,
        "awarded": 2,
        "bonus": 2_120_000,
    }


def test_awards_reach_the_review_and_the_open_data_as_counts(campaign, annual, awarded_2024):
    review = queries.review_figures(campaign)
    rows = queries.open_data_rows(campaign, today=datetime.date(2025, 2, 1))

    assert review["per_year"]["2024"]["awards"]["total"]["bonus"] == 2_120_000
    assert review["per_year"]["2023"]["awards"] is None
    commune = next(r for r in rows if r["khoi"] == "commune")
    assert (commune["tap_the_duoc_khen_thuong"], commune["ca_nhan_duoc_khen_thuong"]) == (1, 1)
    assert "Lò Văn Thắng" not in json.dumps(rows, ensure_ascii=False)
