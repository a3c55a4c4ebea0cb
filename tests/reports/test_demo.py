import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from registrations.models import Campaign
from reports.models import PeriodicReport, ReportingPeriod, SummaryKind, SummaryReport
from units.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_lets_the_office_open_issue_and_download_every_report(client):
    call_command("load_demo", stdout=io.StringIO())

    muong_khuong = Campaign.objects.get(start_year=2022)
    assert ReportingPeriod.objects.filter(campaign=muong_khuong).count() == 8
    # The campaign open today has its 6-month and annual period for each of its years too.
    for campaign in Campaign.objects.exclude(pk=muong_khuong.pk):
        assert campaign.reporting_periods.count() == 2 * len(campaign.years)
    statuses = set(PeriodicReport.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "acknowledged"}
    lung_vai = PeriodicReport.objects.get(
        unit__code="xa-lung-vai", period__year=2025, period__kind="six_month"
    )
    assert lung_vai.status == "draft" and lung_vai.results_text
    annual = SummaryReport.objects.get(kind=SummaryKind.ANNUAL, year=2024)
    issue = annual.issues.get()
    assert issue.status == "done"
    assert issue.figures["sections"]["registration"]["total"]["expected"] == 44
    client.force_login(User.objects.get(username="vhtt"))
    for summary in SummaryReport.objects.all():
        page = client.get(reverse("reports:summary_detail", args=[summary.pk])).content.decode()
        assert "<svg" in page and summary.direction_text in page
    xlsx = client.get(reverse("reports:issue_xlsx", args=[annual.pk, 1]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
