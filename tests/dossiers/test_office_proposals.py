"""The culture office's own proposals (issue 15, plan VI.1): thematic or outstanding
achievements, people outside any registered unit, on the units' path to the decision."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Subject
from core.models import Transition, Version
from documents.models import IssuingBody
from dossiers import document_kinds, honour, queries, services
from dossiers.models import AwardDecision, AwardProposal, Nominee, Vote
from registrations.models import CampaignRole

from ..factories import UnitFactory, UserFactory
from .conftest import NOW, PERSON, decision_data, vote_all

pytestmark = pytest.mark.django_db

SCIENTIST = {
    **PERSON,
    "category": Nominee.Category.SCIENTIST,
    "full_name": "Hoàng Thị Mai",
    "gender": Nominee.Gender.FEMALE,
    "position": "Viện trưởng",
    "workplace": "Viện Nông nghiệp vùng cao Tây Bắc",
    "achievements": "Chuyển giao ứng dụng truy xuất nguồn gốc chè Shan tuyết cho 12 hợp tác xã.",
}


@pytest.fixture
def office_proposal(campaign, office):
    return services.start_office_proposal(
        campaign,
        by=office,
        year=2024,
        occasion=AwardProposal.Occasion.OUTSTANDING,
        title="Thành tích đột xuất trong chuyển đổi số nông nghiệp",
        now=NOW,
    )


@pytest.fixture
def scientist(office_proposal, office, giay_khen):
    return services.add_nominee(
        office_proposal,
        by=office,
        subject=Subject.INDIVIDUAL,
        award_form=giay_khen,
        data=SCIENTIST,
        now=NOW,
    )


def test_the_office_opens_its_own_proposal_without_a_registration(office_proposal, campaign):
    assert office_proposal.origin == AwardProposal.Origin.OFFICE
    assert office_proposal.registration is None
    # Its unit is the campaign's standing office (the culture office's own unit).
    assert office_proposal.unit.name == "Phòng Văn hóa và Thông tin"
    assert office_proposal.unit.issuing_body.code == "phong-vh-tt"
    assert office_proposal.status == AwardProposal.Status.DRAFT
    assert [t.to_state for t in Transition.objects.for_object(office_proposal)] == ["draft"]


def test_the_office_may_open_several_proposals_a_year(office_proposal, campaign, office):
    second = services.start_office_proposal(
        campaign, by=office, year=2024, occasion="thematic", title="Doanh nhân tiêu biểu"
    )
    assert second.pk != office_proposal.pk


def test_only_the_culture_office_of_the_campaign_opens_one(campaign, staff, council):
    stranger = UserFactory(office=True, organisation=UnitFactory())
    for user in (staff, council, stranger):
        with pytest.raises(services.DossierError):
            services.start_office_proposal(
                campaign, by=user, year=2024, occasion="thematic", title="Chuyên đề"
            )
    assert not AwardProposal.objects.filter(origin=AwardProposal.Origin.OFFICE).exists()


def test_a_nominee_from_outside_any_unit_keeps_her_workplace(scientist, office_proposal):
    assert scientist.workplace == "Viện Nông nghiệp vùng cao Tây Bắc"
    assert scientist.workplace_name == "Viện Nông nghiệp vùng cao Tây Bắc"
    assert scientist.proposal == office_proposal


def test_the_office_proposal_takes_no_collective_without_naming_it(
    office_proposal, office, giay_khen
):
    # Never the standing office's own collective: a registry unit or a typed name.
    with pytest.raises(services.DossierError, match="Chọn một đơn vị trong danh mục"):
        services.add_nominee(
            office_proposal,
            by=office,
            subject=Subject.COLLECTIVE,
            award_form=giay_khen,
            data={"achievements": "x"},
        )


def test_units_never_see_the_office_proposal(office_proposal, scientist, staff, council):
    assert not AwardProposal.objects.visible_to(staff).filter(pk=office_proposal.pk).exists()
    assert not Nominee.objects.visible_to(staff).filter(pk=scientist.pk).exists()
    assert AwardProposal.objects.visible_to(council).filter(pk=office_proposal.pk).exists()
    with pytest.raises(services.DossierError):
        services.add_nominee(
            office_proposal,
            by=staff,
            subject=Subject.INDIVIDUAL,
            award_form=scientist.award_form,
            data=SCIENTIST,
        )


def test_a_nominee_without_workplace_is_not_sent(office_proposal, office, giay_khen):
    services.add_nominee(
        office_proposal,
        by=office,
        subject=Subject.INDIVIDUAL,
        award_form=giay_khen,
        data={**SCIENTIST, "workplace": ""},
    )
    with pytest.raises(services.DossierError, match="thiếu đơn vị công tác"):
        services.submit_proposal(office_proposal, by=office, now=NOW)


def test_sending_freezes_a_version_and_accepts_for_consolidation(
    office_proposal, scientist, office, campaign
):
    services.submit_proposal(office_proposal, by=office, now=NOW)

    office_proposal.refresh_from_db()
    scientist.refresh_from_db()
    assert office_proposal.status == AwardProposal.Status.ACCEPTED
    assert scientist.status == Nominee.Status.ACCEPTED
    version = Version.objects.for_object(office_proposal).get()
    assert version.data["nominees"][0]["workplace"] == "Viện Nông nghiệp vùng cao Tây Bắc"
    assert [t.to_state for t in Transition.objects.for_object(office_proposal)] == [
        "draft",
        "submitted",
        "accepted",
    ]
    assert list(queries.consolidable_nominees(campaign, 2024)) == [scientist]


def test_the_office_nominee_goes_through_council_and_decision_with_a_bonus(
    office_proposal, scientist, accepted, office, campaign, council, members, giay_khen
):
    services.submit_proposal(office_proposal, by=office, now=NOW)
    submission = services.start_submission(campaign, 2024, by=office, now=NOW)
    assert scientist in set(submission.nominees.all())
    services.send_submission(submission, by=office, now=NOW)
    meeting = services.open_meeting(
        submission,
        by=council,
        held_on=datetime.date(2025, 1, 15),
        place="Phòng họp UBND huyện",
        chair=members[0],
        members_present=members[:4],
    )
    vote_all(meeting, council, Vote.Choice.YES)
    meeting, _quorum = services.close_meeting(meeting, by=council)
    scientist.refresh_from_db()
    assert scientist.status == Nominee.Status.APPROVED

    decision = services.draft_decision(
        meeting, by=council, award_form=giay_khen, data=decision_data()
    )
    services.issue_decision(decision, by=council)

    scientist.refresh_from_db()
    decision.refresh_from_db()
    assert scientist.decision == decision
    assert decision.status == AwardDecision.Status.ISSUED
    assert scientist.status == Nominee.Status.AWARDED
    assert scientist.bonus_amount == 710_000
    # The decision's list and the honour roll name her workplace, not the standing office.
    assert document_kinds._row(scientist)["where"] == (
        "Viện trưởng, Viện Nông nghiệp vùng cao Tây Bắc"
    )
    entry = next(e for e in honour.entries(2024) if e.name == "Hoàng Thị Mai")
    assert entry.unit_name == "Viện Nông nghiệp vùng cao Tây Bắc"


def test_a_units_proposal_rests_on_its_registration(accepted):
    assert accepted.origin == AwardProposal.Origin.UNIT
    assert accepted.registration is not None


# --- views --------------------------------------------------------------------------------


def test_the_office_opens_fills_and_sends_its_proposal_in_the_browser_pages(
    client, office, campaign, giay_khen, staff
):
    client.force_login(office)
    page = client.get(reverse("dossiers:office_proposal_start"))
    assert "Lập đề xuất khen thưởng của Phòng" in page.content.decode()

    response = client.post(
        reverse("dossiers:office_proposal_start"),
        {
            "campaign": campaign.pk,
            "year": 2024,
            "occasion": "outstanding",
            "title": "Doanh nhân tiêu biểu trong chuyển đổi số",
        },
    )
    proposal = AwardProposal.objects.get(origin=AwardProposal.Origin.OFFICE)
    assert response.url == reverse("dossiers:proposal_detail", args=[proposal.pk])
    detail = client.get(response.url).content.decode()
    assert "Đề xuất khen thưởng của Phòng năm 2024" in detail
    assert "Khen thưởng đột xuất: Doanh nhân tiêu biểu trong chuyển đổi số" in detail

    form = client.get(reverse("dossiers:nominee_create", args=[proposal.pk, "individual"]))
    assert "Đơn vị công tác" in form.content.decode()
    data = {
        **{k: v for k, v in SCIENTIST.items() if k != "birth_date"},
        "birth_date": "12/03/1985",
        "award_form": giay_khen.pk,
        "prior-TOTAL_FORMS": "0",
        "prior-INITIAL_FORMS": "0",
    }
    response = client.post(
        reverse("dossiers:nominee_create", args=[proposal.pk, "individual"]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    nominee = proposal.nominees.get()
    assert nominee.workplace == "Viện Nông nghiệp vùng cao Tây Bắc"

    response = client.post(
        reverse("dossiers:proposal_submit", args=[proposal.pk]), {"confirm_warnings": "1"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == AwardProposal.Status.ACCEPTED

    client.force_login(staff)
    assert client.get(reverse("dossiers:proposal_detail", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("dossiers:office_proposal_start")).status_code == 403


def test_the_council_sees_the_office_nominee_in_the_consolidation(
    client, office_proposal, scientist, office, campaign, council
):
    services.submit_proposal(office_proposal, by=office, now=NOW)
    submission = services.send_submission(
        services.start_submission(campaign, 2024, by=office, now=NOW), by=office, now=NOW
    )

    client.force_login(council)
    page = client.get(reverse("dossiers:submission_detail", args=[submission.pk]))

    assert page.status_code == 200
    assert "Hoàng Thị Mai" in page.content.decode()
    assert "Viện trưởng, Viện Nông nghiệp vùng cao Tây Bắc" in page.content.decode()
    detail = client.get(reverse("dossiers:proposal_detail", args=[office_proposal.pk]))
    assert detail.status_code == 200


def test_after_a_handover_to_a_body_outside_the_unit_list_the_last_office_unit_is_used(
    campaign, office
):
    role = CampaignRole.objects.get(campaign=campaign, kind=CampaignRole.Kind.STANDING_OFFICE)
    role.valid_to = datetime.date(2025, 6, 30)
    role.save()
    successor = IssuingBody.objects.create(
        code="so-vh-tt-dl", name="Sở Văn hóa, Thể thao và Du lịch", abbreviation="SVHTTDL"
    )
    CampaignRole.objects.create(
        campaign=campaign,
        kind=CampaignRole.Kind.STANDING_OFFICE,
        body=successor,
        valid_from=datetime.date(2025, 7, 1),
    )

    proposal = services.start_office_proposal(
        campaign,
        by=office,
        year=2025,
        occasion="thematic",
        title="Chuyên đề chuyển đổi số",
        now=datetime.datetime(2025, 9, 1, 9, tzinfo=NOW.tzinfo),
    )

    assert proposal.unit.name == "Phòng Văn hóa và Thông tin"


def test_the_office_nominees_report_is_issued_by_the_standing_office(scientist):
    body = document_kinds._report_issuer(scientist)

    assert body.code == "phong-vh-tt"
    content = document_kinds._report_content(scientist)
    assert ("Đơn vị công tác", "Viện Nông nghiệp vùng cao Tây Bắc") in content["person"]
