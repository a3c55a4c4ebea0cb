import io
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from pypdf import PdfReader
from weasyprint import HTML

from reports import charts, queries
from reports.models import SummaryKind, SummaryReport
from reports.tables import tables_for

from ..criteria.helpers import submitted_assessments
from ..factories import UserFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def texts(svg):
    root = ET.fromstring(str(svg))
    return [element.text for element in root.iter(f"{SVG}text")]


def annual_figures(campaign, annual):
    summary = SummaryReport.objects.create(
        campaign=campaign,
        kind=SummaryKind.ANNUAL,
        year=2024,
        period=annual,
        created_by=UserFactory(office=True),
    )
    return queries.summary_figures(summary)


def test_registration_chart_writes_each_tiers_rate_and_has_a_text_alternative(
    campaign, annual, known
):
    chart = charts.charts_for(annual_figures(campaign, annual))[0]

    root = ET.fromstring(str(chart.svg))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Tỷ lệ đơn vị đăng ký thi đua năm 2024 theo khối"
    assert root.find(f"{SVG}desc").text == (
        "Tỷ lệ đơn vị đăng ký thi đua năm 2024 theo khối. "
        "Cơ quan cấp huyện: Đúng hạn 0%, Muộn 33,3%, tổng 33,3%; "
        "Xã, thị trấn: Đúng hạn 40%, Muộn 20%, tổng 60%; "
        "Doanh nghiệp, HTX: Đúng hạn 0%, Muộn 0%, tổng 0%; "
        "Tổng cộng: Đúng hạn 22,2%, Muộn 22,2%, tổng 44,4%."
    )
    assert ["33,3%", "60%", "0%", "44,4%"] == [
        t for t in texts(chart.svg) if t in ("33,3%", "60%", "0%", "44,4%")
    ][-4:]


def test_bar_lengths_follow_the_values(campaign, annual, known):
    chart = charts.charts_for(annual_figures(campaign, annual))[0]

    root = ET.fromstring(str(chart.svg))
    widths = {
        rect.find(f"{SVG}title").text: float(rect.get("width"))
        for rect in root.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    }
    # 380 px is 100 %: the commune row has 40 % on time and 20 % late.
    assert widths["Đúng hạn: 40%"] == 152.0
    assert widths["Muộn: 20%"] == 76.0


def test_the_report_chart_shows_the_periodic_reports_received(campaign, annual, known):
    chart = charts.charts_for(annual_figures(campaign, annual))[1]

    assert chart.title == "Tỷ lệ đơn vị đã gửi báo cáo năm 2024 theo khối"
    assert {"75%", "50%", "44,4%"} <= set(texts(chart.svg))


def test_review_charts_draw_every_year(campaign, annual, known, window_2023):
    drawn = charts.charts_for(queries.review_figures(campaign))

    assert [c.key for c in drawn] == ["registration-trend", "registration-counts", "report-trend"]
    trend = texts(drawn[0].svg)
    assert {"2022", "2023", "2024", "2025", "44,4%"} <= set(trend)
    counts = drawn[1]
    # 2024: 2 on time, 2 late, 5 missing; 2023: nobody registered, 9 expected.
    assert "2024: Đúng hạn 2, Muộn 2, Chưa đăng ký 5, tổng 9" in counts.description
    assert "2023: Đúng hạn 0, Muộn 0, Chưa đăng ký 9, tổng 9" in counts.description


def test_the_same_chart_in_a_pdf_keeps_its_numbers_and_vietnamese_text(campaign, annual, known):
    font = "PortalSerif"
    chart = charts.charts_for(annual_figures(campaign, annual), font=font)[0]
    fonts = settings.BASE_DIR / "static" / "fonts"
    html = (
        f"<html><head><style>@font-face {{ font-family: {font}; src: url('{fonts}/LiberationSerif-Regular.ttf'); }}"
        f"@font-face {{ font-family: {font}; font-weight: bold; src: url('{fonts}/LiberationSerif-Bold.ttf'); }}"
        f"html {{ font-family: {font}; }}</style></head><body>{chart.svg}</body></html>"
    )

    pdf = PdfReader(io.BytesIO(HTML(string=html, base_url=str(fonts)).write_pdf()))

    text = pdf.pages[0].extract_text()
    for value in ("33,3%", "60%", "44,4%", "Xã, thị trấn", "Cơ quan cấp huyện", "Đúng hạn", "Muộn"):
        assert value in text
    embedded = {
        str(f["/BaseFont"]) for f in pdf.pages[0]["/Resources"]["/Font"].get_object().values()
    }
    assert embedded and all("PortalSerif" in name for name in embedded)


def test_numbers_are_written_the_vietnamese_way():
    assert [charts.vi_number(v) for v in (85.7, 100.0, 0.0, 1234, 33.35, None)] == [
        "85,7",
        "100",
        "0",
        "1.234",
        "33,4",
        "—",
    ]


def test_criteria_charts_show_the_share_meeting_each_criterion_and_the_score_distribution(
    campaign, window, annual, office, commune_set
):
    submitted_assessments(campaign, 3, score=True, office=office)

    drawn = {c.key: c for c in charts.charts_for(annual_figures(campaign, annual))}

    attainment = drawn["criteria-attainment"]
    assert attainment.description == (
        "Tỷ lệ đơn vị đạt từng tiêu chí. Xã, thị trấn – X1: Đạt 33,3%; "
        "Xã, thị trấn – X2: Đạt 100%; Xã, thị trấn – X3: Đạt 100%."
    )
    assert {"33,3%", "100%"} <= set(texts(attainment.svg))
    distribution = drawn["scores-distribution"]
    assert "50–70%: Xã, thị trấn 2, tổng 2" in distribution.description
    assert "≥ 90%: Xã, thị trấn 1, tổng 1" in distribution.description


def test_awards_chart_counts_collectives_and_individuals_per_award_form(
    campaign, annual, awarded_2024
):
    drawn = {c.key: c for c in charts.charts_for(annual_figures(campaign, annual))}

    chart = drawn["awards-by-form"]
    assert chart.description == (
        "Số tập thể, cá nhân được khen thưởng theo hình thức. Giấy khen: Tập thể 1, Cá nhân 1, tổng 2."
    )
    assert "2" in texts(chart.svg)


def test_the_review_shows_awards_over_the_period(campaign, annual, awarded_2024):
    figures = queries.review_figures(campaign)

    drawn = {c.key: c for c in charts.charts_for(figures)}
    tables = {t.key: t for t in tables_for(figures)}

    assert "2024: Giấy khen 2, tổng 2" in drawn["awards-trend"].description
    assert tables["awards_years"].rows == [["Giấy khen của Chủ tịch UBND huyện", 0, 0, 2, 0]]
    assert [c["text"] for c in tables["bonus_years"].total_cells] == [
        "Cả giai đoạn",
        "2",
        "2",
        "2",
        "2.120.000 đồng",
    ]
