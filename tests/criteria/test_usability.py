"""Where the office stumbled on the results page and the score sheet (issue 14)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import CampaignFactory
from units.models import Tier

from .helpers import login, result, submitted_assessments

pytestmark = pytest.mark.django_db


def test_the_results_page_opens_on_the_tier_that_has_scores(client, campaign, commune_set, office):
    submitted_assessments(campaign, 2, score=True, office=office)
    login(client, office)

    response = client.get(reverse("criteria:results"), {"year": 2024})

    page = response.content.decode()
    assert response.context["tier"] == Tier.COMMUNE
    assert len(response.context["results"].rows) == 2
    assert "Chưa có đơn vị nào được chấm." not in page


def test_the_year_list_keeps_the_scored_year_once_a_newer_campaign_is_open(
    client, campaign, commune_set, office
):
    submitted_assessments(campaign, 1, score=True, office=office)
    CampaignFactory(name="Phong trào sau sắp xếp", start_year=2026, end_year=2030)
    login(client, office)

    response = client.get(reverse("criteria:results"))

    assert response.context["year"] == 2024
    assert response.context["years"][0] == 2030 and 2024 in response.context["years"]
    assert '<option value="2024" selected>2024</option>' in response.content.decode()


def test_every_tier_that_registers_has_a_tab_and_the_unscored_one_says_why(
    client, campaign, commune_set, office
):
    login(client, office)

    page = client.get(reverse("criteria:results"), {"year": 2024, "tier": Tier.OTHER})

    html = page.content.decode()
    for tier in Tier:
        assert f"tier={tier.value}" in html
    assert "Cơ quan, đơn vị đóng trên địa bàn" in html
    assert "Khối này không chấm điểm theo bộ tiêu chí của phong trào" in html
    assert "results_export" not in html and "Xuất Excel bảng điểm" not in html


def test_the_score_sheet_subtitle_names_the_criteria_set_in_vietnamese(
    client, campaign, commune_set, office
):
    submitted_assessments(campaign, 1, score=True, office=office)
    login(client, office)

    response = client.get(reverse("criteria:results_export"), {"year": 2024, "tier": Tier.COMMUNE})

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A2"].value == "UBND xã, thị trấn · Bộ tiêu chí năm 2024, phiên bản 1"


def test_the_header_self_score_is_updated_with_the_footer_while_typing(client, assessment, staff):
    x1 = result(assessment, "X1")
    login(client, staff)
    page = client.get(reverse("criteria:edit", args=[assessment.pk])).content.decode()

    response = client.post(
        reverse("criteria:compute", args=[assessment.pk]),
        {f"r{x1.pk}-total": "412", f"r{x1.pk}-excluded": "12", f"r{x1.pk}-done": "350"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert '<span id="self-score-head">0</span>' in page
    assert '<span id="self-score" hx-swap-oob="true">40</span>' in body
    assert '<span id="self-score-head" hx-swap-oob="true">40</span>' in body
