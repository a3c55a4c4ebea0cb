"""The district side's lists cover its own organisation's campaigns and units (issue 9):
the former district's office and a commune's office each see their own, and the other's
objects answer 404."""

import datetime

import pytest
from django.urls import reverse

from criteria import services
from documents.models import IssuingBody
from dossiers.models import CouncilMember, DistrictSubmission
from reports.todo import todo_for
from tests.factories import CampaignFactory, UnitFactory, UserFactory
from units.models import Tier

from .helpers import SEED, review_lines, submitted_assessments


@pytest.fixture
def commune(db):
    return UnitFactory(
        code="xa-hop-nhat",
        name="UBND xã Hợp Nhất (từ 01/7/2025)",
        valid_from=datetime.date(2025, 7, 1),
    )


@pytest.fixture
def commune_campaign(commune):
    """A commune's campaign covering 2024 too, so that both sides have the same year."""
    campaign = CampaignFactory(
        name="Phong trào của xã Hợp Nhất", start_year=2024, end_year=2030, organisation=commune
    )
    services.create_criterion_set(campaign, 2024, Tier.COMMUNE, rows=SEED["tiers"]["commune"])
    return campaign


@pytest.fixture
def commune_office(commune):
    return UserFactory(office=True, username="vhxh.hopnhat", organisation=commune)


@pytest.fixture
def commune_council(commune):
    return UserFactory(council=True, username="hoidong.hopnhat", organisation=commune)


@pytest.fixture
def both(campaign, commune_campaign, commune_set, office):
    """One submitted and one scored assessment on each side, 2024."""
    ours = submitted_assessments(campaign, 2, score=False)
    theirs = submitted_assessments(commune_campaign, 2, score=False)
    for assessment in (ours[1], theirs[1]):
        services.score_assessment(
            assessment,
            by=office,
            revision=assessment.revision,
            lines=review_lines(assessment),
        )
    return ours, theirs


def _names(assessments):
    return [a.unit.name for a in assessments]


@pytest.mark.parametrize("side", ["district", "commune"])
def test_the_scoring_queue_and_results_list_only_the_sides_own_units(
    client, both, office, commune_office, side
):
    ours, theirs = both
    user, own, other = (
        (office, ours, theirs) if side == "district" else (commune_office, theirs, ours)
    )
    client.force_login(user)

    queue = client.get(reverse("criteria:queue"), {"year": 2024}).content.decode()
    results = client.get(
        reverse("criteria:results"), {"year": 2024, "tier": Tier.COMMUNE}
    ).content.decode()

    assert own[0].unit.name in queue
    assert other[0].unit.name not in queue
    assert own[1].unit.name in results
    assert other[1].unit.name not in results
    assert client.get(reverse("criteria:detail", args=[other[0].pk])).status_code == 404
    assert client.get(reverse("criteria:detail", args=[own[0].pk])).status_code == 200
    card = client.get(reverse("criteria:home_card")).content.decode()
    assert "1 báo cáo đang chờ chấm." in card


def test_the_offices_to_do_counts_only_its_own_campaigns(both, office, commune_office):
    for user in (office, commune_office):
        texts = [item["text"] for item in todo_for(user)]
        assert "1 báo cáo kết quả tiêu chí chờ chấm" in texts, texts


def test_the_units_list_shows_the_sides_own_units(
    client, commune, office, commune_office, admin_user, unit
):
    theirs = UnitFactory(name="Hợp tác xã Chè Hợp Nhất", organisation=commune)

    client.force_login(commune_office)
    page = client.get(reverse("units:list")).content.decode()
    assert theirs.name in page and commune.name in page
    assert unit.name not in page

    client.force_login(office)
    page = client.get(reverse("units:list")).content.decode()
    assert unit.name in page
    assert theirs.name not in page

    client.force_login(admin_user)
    page = client.get(reverse("units:list")).content.decode()
    assert unit.name in page and theirs.name in page


def test_submissions_and_council_members_of_the_other_side_are_absent(
    client, campaign, commune_campaign, office, commune_office, commune_council
):
    council_body = IssuingBody.objects.create(
        code="hoi-dong-xa",
        name="Hội đồng Thi đua – Khen thưởng xã",
        abbreviation="HĐTĐKT",
        place_name="Hợp Nhất",
    )
    commune_campaign.roles.filter(kind="council").update(body=council_body)
    district_member = CouncilMember.objects.create(
        full_name="Lương Văn Huyện",
        council_position="Chủ tịch Hội đồng",
        council=IssuingBody.objects.get(code="hoi-dong-tdkt"),
    )
    commune_member = CouncilMember.objects.create(
        full_name="Vàng Thị Xã", council_position="Chủ tịch Hội đồng", council=council_body
    )
    ours = DistrictSubmission.objects.create(campaign=campaign, year=2024, created_by=office)
    theirs = DistrictSubmission.objects.create(
        campaign=commune_campaign, year=2026, created_by=commune_office
    )

    client.force_login(commune_council)
    members = client.get(reverse("dossiers:council_members")).content.decode()
    assert commune_member.full_name in members
    assert district_member.full_name not in members

    client.force_login(commune_office)
    listed = client.get(reverse("dossiers:submission_list")).content.decode()
    assert reverse("dossiers:submission_detail", args=[theirs.pk]) in listed
    assert reverse("dossiers:submission_detail", args=[ours.pk]) not in listed
    assert client.get(reverse("dossiers:submission_detail", args=[ours.pk])).status_code == 404
    assert client.get(reverse("dossiers:submission_detail", args=[theirs.pk])).status_code == 200

    client.force_login(office)
    listed = client.get(reverse("dossiers:submission_list")).content.decode()
    assert reverse("dossiers:submission_detail", args=[ours.pk]) in listed
    assert reverse("dossiers:submission_detail", args=[theirs.pk]) not in listed
    assert client.get(reverse("dossiers:submission_detail", args=[theirs.pk])).status_code == 404
