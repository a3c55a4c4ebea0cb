"""The demo tells the Mường Khương 2025 split story (issue 9): 2022–2024 under the
district; on 1/7/2025 the campaign is handed over to the bodies the province designates;
its 2025 awards are decided by the province and its 2022–2025 review is issued by and
addressed to the successor. The commune's accounts see only the commune's movement."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import Transition
from documents.kinds import get_kind
from documents.models import GeneratedDocument
from documents.services import issue_document, render_document, request_document
from dossiers import queries
from dossiers.models import AwardDecision, CouncilMember, Nominee
from dossiers.permissions import is_certifiable
from registrations.models import Campaign, CampaignRole, Registration
from registrations.roles import roles_on
from reports import services as report_services
from reports.models import SummaryKind, SummaryReport
from units.models import User

from ..documents import pdf

LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
HANDOVER_DAY = datetime.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def eager(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _state():
    return (
        CampaignRole.objects.count(),
        Transition.objects.filter(to_state="handed_over").count(),
        CouncilMember.objects.count(),
        AwardDecision.objects.count(),
    )


def test_the_demo_hands_the_district_campaign_over_on_1_july_2025(
    db, client, django_capture_on_commit_callbacks
):
    call_command("load_demo", stdout=io.StringIO())
    state = _state()
    call_command("load_demo", stdout=io.StringIO())
    assert _state() == state  # loading twice changes nothing

    campaign = Campaign.objects.get(roles__kind="plan_issuer", roles__body__code="ubnd-huyen")
    before, after = roles_on(campaign, LAST_DISTRICT_DAY), roles_on(campaign, HANDOVER_DAY)
    assert (before.standing_office.code, after.standing_office.code) == (
        "phong-vh-tt",
        "so-vh-tt-du-lich",
    )
    assert (before.council.code, after.council.code) == ("hoi-dong-tdkt", "hoi-dong-tdkt-tinh")
    assert (before.authority().code, after.authority().code) == ("ubnd-huyen", "ubnd-tinh-lao-cai")
    assert after.report_recipient.code == "ubnd-tinh-lao-cai"
    assert Transition.objects.for_object(campaign).filter(to_state="handed_over").count() == 2

    # 2022–2024 decided by the district chairman; 2025 by the competent successor.
    decisions = {
        d.meeting.submission.year: d
        for d in AwardDecision.objects.filter(award_form__code__startswith="giay-khen")
    }
    assert get_kind("award_decision").issuer(decisions[2022]).code == "ubnd-huyen"
    year_2025 = AwardDecision.objects.get(meeting__submission__year=2025)
    assert (year_2025.number, year_2025.status) == ("1520/QĐ-UBND", AwardDecision.Status.ISSUED)
    assert get_kind("award_decision").issuer(year_2025).code == "ubnd-tinh-lao-cai"
    content = get_kind("award_decision").build_content(year_2025)
    assert content["authority"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI"
    assert year_2025.meeting.chair.council.code == "hoi-dong-tdkt-tinh"

    # Its Bằng khen, decided by the province, prints as the province's Bằng khen; the
    # 2023 one the province decided on a forwarded Tờ trình is the province's to print.
    awarded = Nominee.objects.filter(decision=year_2025).first()
    assert is_certifiable(awarded)
    certificate = get_kind("certificate").build_content(awarded)
    assert certificate["award_form"] == "BẰNG KHEN"
    assert certificate["authority"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÀO CAI"
    assert certificate["place_date"] == "Lào Cai, ngày 22 tháng 7 năm 2025"
    assert certificate["signature"]["name"] == "Nguyễn Thành Trung"
    assert get_kind("certificate").issuer(awarded).code == "ubnd-tinh-lao-cai"
    forwarded = AwardDecision.objects.get(
        award_form__code="bang-khen-chu-tich-tinh", meeting__submission__year=2023
    )
    assert not is_certifiable(Nominee.objects.filter(decision=forwarded).first())

    # The plan stays the district's: cited as such before 1/7/2025, as the former
    # district's ("(cũ)") after.
    assert (
        roles_on(campaign, LAST_DISTRICT_DAY)
        .plan_basis()
        .startswith("Căn cứ Kế hoạch của Ủy ban nhân dân huyện Mường Khương về phong trào")
    )
    assert (
        roles_on(campaign, HANDOVER_DAY)
        .plan_basis()
        .startswith("Căn cứ Kế hoạch của Ủy ban nhân dân huyện Mường Khương (cũ) về phong trào")
    )

    # The 2022–2025 review, issued today, comes from and goes to the successor.
    office = User.objects.get(username="vhtt")
    review = SummaryReport.objects.get(campaign=campaign, kind=SummaryKind.REVIEW)
    issue = report_services.compute_issue(report_services.issue_summary(review, by=office).pk)
    with django_capture_on_commit_callbacks(execute=True):
        draft = request_document("summary_report", issue, by=office)
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        issued = issue_document(draft, by=office)
    assert issued.issuer.code == "so-vh-tt-du-lich"
    assert issued.snapshot["content"]["addressees"] == ["Ủy ban nhân dân tỉnh Lào Cai"]
    assert issued.issuance.signer.full_name == "Hà Thị Thu"

    # The commune's culture office sees the commune's movement only.
    commune_office = User.objects.get(username="vhxh.banlau")
    assert (
        not Registration.objects.visible_to(commune_office)
        .filter(window__campaign=campaign)
        .exists()
    )
    lung_vai = Registration.objects.filter(unit__code="xa-lung-vai").first()
    client.force_login(commune_office)
    assert client.get(reverse("registrations:detail", args=[lung_vai.pk])).status_code == 404
    page = client.get(reverse("registrations:list")).content.decode()
    assert "Hợp tác xã Chè Bản Lầu" in page
    assert ">UBND xã Lùng Vai<" not in page
    assert ">Phòng Nội vụ<" not in page

    # Part III of a demo report reads the portal's own earlier decisions (issue 13): the
    # person awarded a Giấy khen for 2022 shows it in the 2023 report; the demo's reports
    # leave no "…" for the pen.
    thang_2023 = Nominee.objects.get(full_name="Lò Văn Thắng", proposal__year=2023)
    _titles, commendations = queries.earlier_awards(thang_2023)
    assert [(a["year"], a["title"]) for a in commendations][:1] == [
        (2022, "Giấy khen của Chủ tịch UBND huyện")
    ]
    assert "15/QĐ-UBND" in commendations[0]["decision_ref"]
    report = get_kind("achievement_report").build_content(thang_2023)
    assert report["commendations"][0]["decision_ref"] == commendations[0]["decision_ref"]
    assert queries.placeholders_left(Nominee.objects.filter(proposal__year__lte=2025)) == []

    # The last district year's decision comes with its paper under its own number (issue 13);
    # earlier years keep the number alone (one render per demo load).
    decision_2023 = decisions[2023]
    paper = GeneratedDocument.objects.of("award_decision", decision_2023).get()
    assert (paper.reference, paper.issuance.issued_on) == ("21/QĐ-UBND", datetime.date(2024, 1, 22))
    # Queued after load_demo's commit (the worker, or the embedded mode's eager task, renders it).
    assert paper.status == GeneratedDocument.Status.QUEUED
    render_document(paper.pk)
    paper.refresh_from_db()
    assert paper.status == GeneratedDocument.Status.DONE, paper.error
    with paper.pdf.open("rb") as handle:
        data = handle.read()
    assert pdf.says(data, "Số: 21/QĐ-UBND") and pdf.says(data, "ngày 22 tháng 01 năm 2024")
    assert not GeneratedDocument.objects.of("award_decision", decisions[2022]).exists()
