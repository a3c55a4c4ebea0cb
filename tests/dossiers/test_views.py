import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import BaseSalary, Subject
from dossiers import queries, services
from dossiers.models import (
    AwardDecision,
    AwardProposal,
    CouncilMeeting,
    CouncilMember,
    DistrictSubmission,
    DossierRule,
    EligibilityOverride,
    Nominee,
    ProvincialSubmission,
    Vote,
)
from registrations.models import Registration

from ..factories import RegistrationFactory, UnitFactory, UserFactory, WindowFactory
from .conftest import COLLECTIVE, NOW, PERSON, accept_all, decision_data, vote_all

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"dossiers:{name}", args=args)


# --- anonymous visitors go to the login page; the honour roll is public -------------------------


@pytest.mark.parametrize(
    "name,needs,method",
    [
        ("proposal_mine", None, "get"),
        ("proposal_list", None, "get"),
        ("proposal_start", "registration", "post"),
        ("proposal_detail", "proposal", "get"),
        ("proposal_submit", "proposal", "post"),
        ("proposal_review", "proposal", "post"),
        ("nominee_detail", "nominee", "get"),
        ("nominee_edit", "nominee", "get"),
        ("nominee_delete", "nominee", "post"),
        ("submission_list", None, "get"),
        ("submission_start", None, "post"),
        ("council_members", None, "get"),
    ],
)
def test_anonymous_is_sent_to_login(client, individual, name, needs, method):
    proposal = individual.proposal
    args = {
        None: [],
        "registration": [proposal.registration_id],
        "proposal": [proposal.pk],
        "nominee": [individual.pk],
    }[needs]

    response = getattr(client, method)(url(name, *args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["meeting_detail", "meeting_votes", "meeting_close", "decision_create"]
)
def test_anonymous_is_sent_to_login_from_council_pages(client, meeting, name):
    response = client.get(url(name, meeting.pk))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_honour_roll_is_public_and_shows_no_personal_data(client, decision, council):
    services.issue_decision(decision, by=council)

    response = client.get(reverse("honour_roll"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Lò Văn Thắng" in text
    assert "Công chức Văn phòng – Thống kê" in text
    assert "số 12/QĐ-UBND, 20/01/2025" in text
    for private in ("12/03/1985", "1985", "Tày", "Đại học"):
        assert private not in text


def test_the_honour_roll_filters_by_award_form(client, decision, council):
    services.issue_decision(decision, by=council)

    response = client.get(
        reverse("honour_roll"), {"nam": 2024, "hinh_thuc": "bang-khen-chu-tich-tinh"}
    )

    assert "Lò Văn Thắng" not in response.content.decode()


def test_the_honour_roll_counts_the_awardees_of_the_chosen_form_only(client, decision, council):
    services.issue_decision(decision, by=council)
    code = decision.award_form.code

    every = client.get(reverse("honour_roll"), {"nam": 2024})
    chosen = client.get(reverse("honour_roll"), {"nam": 2024, "hinh_thuc": code})
    other = client.get(
        reverse("honour_roll"), {"nam": 2024, "hinh_thuc": "bang-khen-chu-tich-tinh"}
    )

    awarded = Nominee.objects.awarded().filter(proposal__year=2024).count()
    assert awarded >= 1
    assert every.context["count"] == chosen.context["count"] == awarded
    assert other.context["count"] == 0
    assert [form.code for form in every.context["award_forms"]] == [code]


def test_anonymous_visitors_see_the_honour_roll_link(client):
    response = client.get(reverse("honour_roll"))

    assert f'href="{reverse("honour_roll")}"' in response.content.decode()


# --- another unit's dossier is invisible (404) --------------------------------------------------


@pytest.mark.parametrize(
    "name,target,method",
    [
        ("proposal_detail", "proposal", "get"),
        ("proposal_submit", "proposal", "post"),
        ("proposal_version", "version", "get"),
        ("nominee_create", "create", "get"),
        ("nominee_detail", "nominee", "get"),
        ("nominee_edit", "nominee", "get"),
        ("nominee_edit", "nominee", "post"),
        ("nominee_delete", "nominee", "post"),
    ],
)
def test_another_unit_gets_404(client, submitted, individual, other_head, name, target, method):
    args = {
        "proposal": [submitted.pk],
        "version": [submitted.pk, 1],
        "create": [submitted.pk, "individual"],
        "nominee": [individual.pk],
    }[target]
    client.force_login(other_head)

    response = getattr(client, method)(url(name, *args), {"full_name": "X"})

    assert response.status_code == 404
    individual.refresh_from_db()
    assert individual.full_name == "Lò Văn Thắng"


def test_starting_from_another_units_registration_is_404(
    client, accepted_registration, other_staff
):
    client.force_login(other_staff)

    response = client.post(url("proposal_start", accepted_registration.pk))

    assert response.status_code == 404
    assert AwardProposal.objects.count() == 0


def test_drafts_are_invisible_to_the_office(client, proposal, office):
    client.force_login(office)

    response = client.get(url("proposal_detail", proposal.pk))

    assert response.status_code == 404


# --- wrong role: 403 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,target,method",
    [
        ("meeting_votes", "meeting", "get"),
        ("meeting_votes", "meeting", "post"),
        ("meeting_close", "meeting", "post"),
        ("decision_create", "meeting", "get"),
        ("forwarding_create", "meeting", "get"),
        ("meeting_create", "submission", "get"),
        ("decision_edit", "decision", "get"),
        ("decision_issue", "decision", "post"),
    ],
)
def test_council_only_actions_are_refused_to_the_culture_office(
    client, decision, office, name, target, method
):
    args = {
        "meeting": decision.meeting_id,
        "submission": decision.meeting.submission_id,
        "decision": decision.pk,
    }[target]
    client.force_login(office)

    response = getattr(client, method)(url(name, args))

    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.status == AwardDecision.Status.DRAFT


@pytest.mark.parametrize("name", ["submission_start"])
def test_consolidation_is_refused_to_the_council(client, accepted, council, campaign, name):
    client.force_login(council)

    response = client.post(url(name), {"campaign": campaign.pk, "year": 2024})

    assert response.status_code == 403
    assert DistrictSubmission.objects.count() == 0


def test_review_is_refused_to_the_council(client, submitted, council, individual):
    client.force_login(council)

    response = client.post(
        url("proposal_review", submitted.pk), {f"verdict_{individual.pk}": "accept"}
    )

    assert response.status_code == 403
    individual.refresh_from_db()
    assert individual.status == Nominee.Status.PENDING


@pytest.mark.parametrize("name", ["proposal_list", "submission_list", "council_members"])
def test_district_pages_are_refused_to_unit_staff(client, staff, name):
    client.force_login(staff)

    assert client.get(url(name)).status_code == 403


def test_unit_pages_are_refused_to_the_office(client, office):
    client.force_login(office)

    assert client.get(url("proposal_mine")).status_code == 403


def test_staff_cannot_submit_only_the_head_can(client, proposal, collective, individual, staff):
    client.force_login(staff)

    response = client.post(url("proposal_submit", proposal.pk))

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == AwardProposal.Status.DRAFT


# --- personal data ------------------------------------------------------------------------------


def test_the_office_sees_personal_data(client, submitted, individual, office):
    client.force_login(office)

    text = client.get(url("nominee_detail", individual.pk)).content.decode()

    assert "12/03/1985" in text
    assert "Tày" in text


def test_the_admin_does_not_see_personal_data(client, submitted, individual, admin_user):
    client.force_login(admin_user)

    text = client.get(url("nominee_detail", individual.pk)).content.decode()

    assert "Lò Văn Thắng" in text
    assert "12/03/1985" not in text
    assert "Tày" not in text
    assert "personal-hidden" in text


def test_the_frozen_version_hides_personal_data_from_the_admin(client, submitted, admin_user):
    client.force_login(admin_user)

    text = client.get(url("proposal_version", submitted.pk, 1)).content.decode()

    assert "Lò Văn Thắng" in text
    assert "12/03/1985" not in text


# --- the unit's proposal: happy paths -----------------------------------------------------------


def test_a_unit_starts_its_proposal_from_an_accepted_registration(
    client, accepted_registration, staff
):
    client.force_login(staff)

    response = client.post(url("proposal_start", accepted_registration.pk))

    proposal = AwardProposal.objects.get()
    assert response.url == url("proposal_detail", proposal.pk)
    assert (proposal.year, proposal.status) == (2024, AwardProposal.Status.DRAFT)


def test_the_collective_report_form_is_prefilled(client, proposal, staff, eligible):
    client.force_login(staff)

    response = client.get(url("nominee_create", proposal.pk, "collective"))

    text = response.content.decode()
    assert "I. Sơ lược đặc điểm, tình hình" in text
    assert "Hồ sơ công việc xử lý trên môi trường mạng: đăng ký ≥ 85%" in text
    assert "Họ và tên" not in text


def test_an_ineligible_unit_is_told_and_cannot_add_its_collective(
    client, proposal, staff, unit, giay_khen
):
    EligibilityOverride.objects.create(unit=unit, year=2024, is_eligible=False, reason="Chưa đạt")
    client.force_login(staff)

    page = client.get(url("proposal_detail", proposal.pk)).content.decode()
    response = client.post(
        url("nominee_create", proposal.pk, "collective"),
        {"award_form": giay_khen.pk, **COLLECTIVE, **prior_management()},
    )

    assert 'id="not-eligible"' in page
    assert url("nominee_create", proposal.pk, "collective") not in page
    assert response.status_code == 400
    assert "chưa đủ điều kiện đề nghị khen thưởng tập thể" in response.content.decode()
    assert proposal.nominees.count() == 0


def test_adding_an_individual_with_prior_awards(client, proposal, staff, giay_khen):
    client.force_login(staff)
    data = {
        "award_form": giay_khen.pk,
        **{k: v for k, v in PERSON.items() if k != "birth_date"},
        "birth_date": "12/03/1985",
        **prior_management(1),
        "prior-0-kind": "title",
        "prior-0-year": "2023",
        "prior-0-title": "Lao động tiên tiến",
        "prior-0-decision_ref": "QĐ số 9/QĐ-UBND",
    }

    response = client.post(url("nominee_create", proposal.pk, "individual"), data)

    nominee = proposal.nominees.get()
    assert response.status_code == 302
    assert nominee.birth_date == datetime.date(1985, 3, 12)
    assert list(nominee.prior_awards.values_list("kind", "title")) == [
        ("title", "Lao động tiên tiến")
    ]


def test_a_registered_individual_prefills_name_and_position(client, proposal, staff):
    person = proposal.registration.individuals.create(
        full_name="Vàng Seo Dín", position="Trưởng thôn"
    )
    client.force_login(staff)

    response = client.get(url("nominee_create", proposal.pk, "individual"), {"dang_ky": person.pk})

    assert 'value="Vàng Seo Dín"' in response.content.decode()


def test_editing_a_nominee(client, individual, staff, giay_khen):
    client.force_login(staff)
    data = {
        "award_form": giay_khen.pk,
        "full_name": "Lò Văn Thắng",
        "achievements": "Mới.",
        **prior_management(),
    }

    response = client.post(url("nominee_edit", individual.pk), data)

    individual.refresh_from_db()
    assert response.status_code == 302
    assert individual.achievements == "Mới."


def test_deleting_a_nominee(client, individual, staff):
    client.force_login(staff)

    client.post(url("nominee_delete", individual.pk))

    assert Nominee.objects.filter(pk=individual.pk).exists() is False


def test_the_head_submits(client, proposal, collective, individual, head):
    client.force_login(head)

    # The Tờ trình is still a draft: the head confirms having read the warning.
    response = client.post(url("proposal_submit", proposal.pk), {"confirm_warnings": "1"})

    proposal.refresh_from_db()
    assert response.status_code == 302
    assert proposal.status == AwardProposal.Status.SUBMITTED


def test_a_refused_submission_says_why_and_changes_nothing(client, proposal, head):
    client.force_login(head)

    response = client.post(url("proposal_submit", proposal.pk))

    assert response.status_code == 400
    assert "Hồ sơ chưa có tập thể, cá nhân nào được đề nghị." in response.content.decode()


def test_the_office_reviews_each_nominee(client, submitted, collective, individual, office):
    client.force_login(office)
    page = client.get(url("proposal_detail", submitted.pk)).content.decode()

    response = client.post(
        url("proposal_review", submitted.pk),
        {
            f"verdict_{collective.pk}": "accept",
            f"verdict_{individual.pk}": "return",
            f"reason_{individual.pk}": "Bổ sung minh chứng",
        },
    )

    individual.refresh_from_db()
    assert 'id="review-form"' in page
    assert response.status_code == 302
    assert (individual.status, individual.return_reason) == (
        Nominee.Status.RETURNED,
        "Bổ sung minh chứng",
    )


def test_a_return_without_reason_is_refused_with_the_message(
    client, submitted, collective, individual, office
):
    client.force_login(office)

    response = client.post(
        url("proposal_review", submitted.pk),
        {f"verdict_{collective.pk}": "accept", f"verdict_{individual.pk}": "return"},
    )

    assert response.status_code == 400
    assert "Cần ghi lý do trả lại đối với Lò Văn Thắng." in response.content.decode()


# --- consolidation, council, decision: happy paths ------------------------------------------------


def test_the_office_consolidates_and_sends(client, accepted, campaign, office):
    client.force_login(office)

    response = client.post(url("submission_start"), {"campaign": campaign.pk, "year": 2024})
    submission = DistrictSubmission.objects.get()
    page = client.get(response.url).content.decode()
    client.post(url("submission_send", submission.pk))

    submission.refresh_from_db()
    assert (
        "Đề nghị khen thưởng cho <strong>1</strong> tập thể và <strong>1</strong> cá nhân." in page
    )
    assert "Danh sách trích ngang" in page
    assert "1985, Nam, Tày" in page
    # The confirmation names the campaign's council secretariat of the day (no office in code).
    assert "Trình Hội đồng Thi đua – Khen thưởng (qua Phòng Nội vụ)?" in page
    assert submission.status == DistrictSubmission.Status.SENT


def test_the_office_excludes_a_nominee_from_a_draft_submission(
    client, accepted, campaign, office, individual
):
    submission = services.start_submission(campaign, 2024, by=office)
    client.force_login(office)

    client.post(url("submission_exclude", submission.pk, individual.pk))

    assert list(submission.nominees.values_list("full_name", flat=True)) == [""]


def test_the_council_opens_a_meeting(client, sent_submission, council, members):
    client.force_login(council)

    response = client.post(
        url("meeting_create", sent_submission.pk),
        {
            "held_on": "15/01/2025",
            "place": "Phòng họp số 1",
            "chair": members[0].pk,
            "members_present": [m.pk for m in members[:4]],
        },
    )

    meeting = CouncilMeeting.objects.get()
    assert response.url == url("meeting_votes", meeting.pk)
    assert (meeting.member_count, meeting.members_present.count()) == (5, 4)


def test_the_council_records_votes_from_the_grid(client, meeting, council, members):
    nominee = queries.meeting_nominees(meeting).first()
    client.force_login(council)
    page = client.get(url("meeting_votes", meeting.pk)).content.decode()

    client.post(
        url("meeting_votes", meeting.pk),
        {f"vote_{m.pk}_{nominee.pk}": "yes" for m in members[:3]},
    )

    assert 'id="vote-grid"' in page
    assert meeting.votes.filter(nominee=nominee, choice=Vote.Choice.YES).count() == 3


def test_the_meeting_page_shows_the_tally_and_closing_sets_the_results(client, meeting, council):
    vote_all(meeting, council, Vote.Choice.YES)
    client.force_login(council)
    page = client.get(url("meeting_detail", meeting.pk)).content.decode()

    client.post(url("meeting_close", meeting.pk))

    assert 'id="attendance">4/5<' in page
    assert "Tán thành khi số phiếu đồng ý quá 1/2 số thành viên dự họp." in page
    assert set(meeting.submission.nominees.values_list("status", flat=True)) == {
        Nominee.Status.APPROVED
    }


def test_the_meeting_page_shows_votes_and_closing_at_once_though_its_parts_are_cached(
    client, meeting, council
):
    # Votes are recorded without a transition and nothing here commits (the cache's
    # generation does not move): the votes' stamp and the newest transition do.
    client.force_login(council)
    before = client.get(url("meeting_detail", meeting.pk)).content.decode()

    vote_all(meeting, council, Vote.Choice.YES)
    voted = client.get(url("meeting_detail", meeting.pk)).content.decode()
    vote_all(meeting, council, Vote.Choice.NO)
    changed = client.get(url("meeting_detail", meeting.pk)).content.decode()
    services.close_meeting(meeting, by=council)
    closed = client.get(url("meeting_detail", meeting.pk)).content.decode()

    def tally(page):
        return page.split('id="tally"')[1].split("</table>")[0]

    assert "Chưa biểu quyết" in tally(before) and "Chưa biểu quyết" not in tally(voted)
    assert len({tally(before), tally(voted), tally(changed)}) == 3  # none, four yes, four no
    assert "Hội đồng không tán thành" in tally(closed)


def test_the_office_can_read_the_meeting_but_not_act(client, meeting, office):
    client.force_login(office)

    page = client.get(url("meeting_detail", meeting.pk)).content.decode()

    assert url("meeting_close", meeting.pk) not in page


def test_the_council_drafts_and_issues_the_decision(client, closed_meeting, council, giay_khen):
    client.force_login(council)
    create = url("decision_create", closed_meeting.pk) + f"?award_form={giay_khen.pk}"

    response = client.post(
        create,
        {
            "number": "12/QĐ-UBND",
            "decided_on": "20/01/2025",
            "signer_name": "Lương Văn Thành",
            "signer_position": "Chủ tịch",
            "fund_name": "Quỹ Thi đua, khen thưởng huyện",
        },
    )
    decision = AwardDecision.objects.get()
    page = client.get(response.url).content.decode()
    client.post(url("decision_issue", decision.pk))

    decision.refresh_from_db()
    assert 'id="total">2.120.000 đồng<' in page
    assert "1.410.000 đồng" in page
    assert "0,3 × 2.340.000 đồng = 702.000 đồng" in page
    assert decision.status == AwardDecision.Status.ISSUED


def test_the_decision_form_proposes_the_fund_of_the_body_deciding_the_award(
    client, closed_meeting, council, giay_khen, bang_khen
):
    """No district named in code: the fund is the deciding body's, from the campaign's roles;
    a campaign's own wording (its dossier rule) comes first."""
    client.force_login(council)

    def proposed(form):
        page = client.get(url("decision_create", closed_meeting.pk) + f"?award_form={form.pk}")
        return page.context["form"].initial["fund_name"]

    assert proposed(giay_khen) == "Quỹ Thi đua, khen thưởng của Ủy ban nhân dân huyện Thử Nghiệm"
    assert proposed(bang_khen) == "Quỹ Thi đua, khen thưởng của Ủy ban nhân dân tỉnh Thử Nghiệm"
    DossierRule.objects.create(
        campaign=closed_meeting.submission.campaign, fund_name="Quỹ khen thưởng phong trào"
    )
    assert proposed(giay_khen) == "Quỹ khen thưởng phong trào"


def test_a_district_decision_cannot_be_backdated_or_moved_past_the_district_level_from_the_page(
    client, decision, council
):
    client.force_login(council)
    data = {
        "number": "12/QĐ-UBND",
        "signer_name": "Lương Văn Thành",
        "signer_position": "Chủ tịch",
        "fund_name": "Quỹ Thi đua, khen thưởng huyện",
    }

    late = client.post(url("decision_edit", decision.pk), {**data, "decided_on": "01/08/2025"})
    early = client.post(url("decision_edit", decision.pk), {**data, "decided_on": "10/01/2025"})

    assert late.status_code == early.status_code == 400
    assert "chỉ được tặng đến ngày 30/06/2025" in late.content.decode()
    assert "trước phiên họp Hội đồng ngày 15/01/2025" in early.content.decode()
    decision.refresh_from_db()
    assert decision.decided_on == datetime.date(2025, 1, 20)


def test_the_decision_page_shows_a_salary_change_since_the_meeting(client, decision, council):
    client.force_login(council)
    AwardDecision.objects.filter(pk=decision.pk).update(decided_on=datetime.date(2025, 1, 25))
    BaseSalary.objects.create(
        amount=2_530_000, valid_from=datetime.date(2025, 1, 20), legal_basis="Nghị định thử"
    )

    page = client.get(url("decision_detail", decision.pk)).content.decode()

    assert (
        "Mức lương cơ sở đổi từ 2.340.000 đồng (ngày họp 15/01/2025) thành 2.530.000 đồng "
        "(ngày quyết định 25/01/2025, Nghị định thử); tiền thưởng tính theo mức mới."
    ) in page


def test_the_council_forwards_bang_khen_nominees(
    client, closed_meeting, council, individual, bang_khen
):
    Nominee.objects.filter(pk=individual.pk).update(award_form=bang_khen)
    client.force_login(council)
    page = client.get(url("meeting_detail", closed_meeting.pk)).content.decode()

    response = client.post(
        url("forwarding_create", closed_meeting.pk) + f"?award_form={bang_khen.pk}",
        {
            "number": "05/TTr-UBND",
            "submitted_on": "21/01/2025",
            "signer_name": "A",
            "signer_position": "Chủ tịch",
        },
    )

    forwarding = ProvincialSubmission.objects.get()
    assert "Lập tờ trình đề nghị tỉnh: Bằng khen của Chủ tịch UBND tỉnh" in page
    assert response.url == reverse("dossiers:forwarding_detail", args=[forwarding.pk])
    assert list(forwarding.nominees.values_list("full_name", flat=True)) == ["Lò Văn Thắng"]


# --- list views: the same number of queries with 1 and 3 rows ---------------------------------


def _awarded_units(count, campaign, window, office, council, members, giay_khen):
    """`count` units, each with an accepted proposal of one collective, decided and issued."""
    for _ in range(count):
        unit = UnitFactory()
        head = UserFactory(unit=unit, head=True)
        registration = RegistrationFactory(
            window=window, unit=unit, status=Registration.Status.ACCEPTED
        )
        EligibilityOverride.objects.create(unit=unit, year=2024, is_eligible=True, reason="Đạt")
        proposal = services.start_proposal(registration, by=head, now=NOW)
        services.add_nominee(
            proposal, by=head, subject=Subject.COLLECTIVE, award_form=giay_khen, data=COLLECTIVE
        )
        services.submit_proposal(proposal, by=head, now=NOW)
        accept_all(proposal, office)
    submission = services.send_submission(
        services.start_submission(campaign, 2024, by=office, now=NOW), by=office, now=NOW
    )
    meeting = services.open_meeting(
        submission,
        by=council,
        held_on=datetime.date(2025, 1, 15),
        place="P",
        chair=members[0],
        members_present=members,
    )
    vote_all(meeting, council, Vote.Choice.YES)
    services.close_meeting(meeting, by=council)
    decision = services.draft_decision(
        meeting, by=council, award_form=giay_khen, data=decision_data()
    )
    services.issue_decision(decision, by=council)
    return decision


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("role", ["office", "council"])
def test_consolidated_list_and_decision_pages_make_the_same_queries_for_1_and_3_rows(
    client, campaign, window, office, council, members, giay_khen, rows, role
):
    decision = _awarded_units(rows, campaign, window, office, council, members, giay_khen)
    submission = decision.meeting.submission
    client.force_login(office if role == "office" else council)
    pages = [url("submission_detail", submission.pk), url("decision_detail", decision.pk)]
    client.get(pages[0])  # warm the session and content types
    cache.clear()  # each page's cached parts are built by its first view below

    counts = []
    for path in pages:
        for _view in ("first", "next"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts.append(len(queries))
            assert response.content.decode().count("UBND") >= rows

    # First view: session, user (with the bell's count), the object, the newest transition
    # (the cached parts' stamp), its aggregate counts (the list's with its stamp), the
    # page's rows, meetings or the bonus total, transitions. Next views read the parts the
    # first one rendered: session, user, the object, the stamps. The same for 1 and 3 rows
    # (and 2,000: tests/bench). A Giấy khen is decided locally: no role assignment read.
    assert counts == [8, 5, 8, 4]


@pytest.mark.parametrize("rows", [1, 3])
def test_the_meeting_page_makes_the_same_queries_for_1_and_3_nominees(
    client, campaign, window, office, council, members, giay_khen, rows
):
    meeting = _awarded_units(rows, campaign, window, office, council, members, giay_khen).meeting
    client.force_login(council)
    client.get(url("meeting_detail", meeting.pk))  # warm the session and content types
    cache.clear()  # the page's cached parts are built by its first view below

    counts = []
    for _view in ("first", "next"):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url("meeting_detail", meeting.pk)).content.decode()
        counts.append(len(queries))
        assert page.count("Đã được khen thưởng") == rows

    # First view: session, user (with the bell's count), the meeting, the newest transition
    # (the cached parts' stamp), members, the count, the page's nominees, their votes, the
    # campaign's role assignments (once), the forms (voted, to decide, to forward), the
    # decisions' values (their list's stamp), decisions, forwardings, transitions, prints.
    # Next views read the parts the first one rendered and, on every view, the decisions'
    # values and the prints. The same for 1 and 3 nominees (and 889: tests/bench).
    assert counts == [17, 6]


def test_the_meeting_page_is_paginated_and_still_offers_every_form_to_decide(
    client, campaign, window, office, council, members, giay_khen, monkeypatch
):
    monkeypatch.setattr("core.paging.PER_PAGE", 2)
    meeting = _awarded_units(3, campaign, window, office, council, members, giay_khen).meeting
    # Approved, no decision yet: the council still has a decision to draft.
    Nominee.objects.update(decision=None, status=Nominee.Status.APPROVED)
    client.force_login(council)

    first = client.get(url("meeting_detail", meeting.pk)).content.decode()
    second = client.get(url("meeting_detail", meeting.pk), {"page": 2}).content.decode()

    tally = second.split('id="tally"')[1].split("</table>")[0]
    assert first.split('id="tally"')[1].split("</table>")[0].count("<tr>") == 3  # head + 2
    assert tally.count("<tr>") == 2 and "<td>3</td>" in tally
    assert "Trang 2/2" in second and "Dòng 3–3 trong 3" in second
    for page in (first, second):
        assert "Lập quyết định: Giấy khen của Chủ tịch UBND huyện" in page
        assert "In toàn bộ hồ sơ của phiên họp" in page


@pytest.mark.parametrize("view", ["proposal_list", "submission_list", "honour_roll"])
def test_list_views_make_the_same_number_of_queries_for_1_and_3_rows(
    client,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    campaign,
    window,
    office,
    council,
    members,
    giay_khen,
    view,
):
    def count_queries():
        path = reverse("honour_roll") if view == "honour_roll" else url(view)
        client.force_login(office)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return len(queries)

    _awarded_units(1, campaign, window, office, council, members, giay_khen)
    one = count_queries()
    # Two more awarded units in the same year: only rows grow, not queries. Their commits
    # make the honour roll's cached years and counts stale (core.datacache), as in use.
    with django_capture_on_commit_callbacks(execute=True):
        _awarded_units(2, campaign, window, office, council, members, giay_khen)

    with django_assert_num_queries(one):
        path = reverse("honour_roll") if view == "honour_roll" else url(view)
        client.get(path)


def test_my_proposals_make_the_same_number_of_queries_for_1_and_3_rows(
    client, django_assert_num_queries, campaign, unit, staff
):
    def add(year):
        window = WindowFactory(campaign=campaign, year=year)
        registration = RegistrationFactory(
            window=window, unit=unit, status=Registration.Status.ACCEPTED
        )
        services.start_proposal(registration, by=staff)

    add(2022)
    client.force_login(staff)
    client.get(url("proposal_mine"))
    with CaptureQueriesContext(connection) as queries:
        client.get(url("proposal_mine"))
    add(2023)
    add(2024)

    with django_assert_num_queries(len(queries)):
        response = client.get(url("proposal_mine"))
    assert response.content.decode().count(">Mở<") == 3


def prior_management(total=0):
    return {
        "prior-TOTAL_FORMS": str(total),
        "prior-INITIAL_FORMS": "0",
        "prior-MIN_NUM_FORMS": "0",
        "prior-MAX_NUM_FORMS": "30",
    }


def test_council_members_make_the_same_number_of_queries_for_1_and_3_rows(
    client, django_assert_num_queries, council
):
    CouncilMember.objects.create(full_name="Lương Văn Thành", council_position="Chủ tịch Hội đồng")
    client.force_login(council)
    with CaptureQueriesContext(connection) as queries:
        client.get(url("council_members"))
    for name in ("Đỗ Thị Hằng", "Vàng A Lử"):
        CouncilMember.objects.create(full_name=name, council_position="Ủy viên")

    with django_assert_num_queries(len(queries)):
        response = client.get(url("council_members"))
    assert response.content.decode().count("Ủy viên") == 2


def test_after_the_reform_the_nominee_page_offers_only_forms_someone_can_give_and_says_why(
    client, proposal, staff, giay_khen, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 7, 1, 9, tzinfo=datetime.UTC))
    client.force_login(staff)

    page = client.get(url("nominee_create", proposal.pk, "individual")).content.decode()
    refused = client.post(
        url("nominee_create", proposal.pk, "individual"),
        {"award_form": giay_khen.pk, **{k: v for k, v in PERSON.items() if k != "birth_date"}},
    )

    options = page.split('name="award_form"')[1].split("</select>")[0]
    assert "Giấy khen của Chủ tịch UBND xã" in options
    assert "Giấy khen của Chủ tịch UBND huyện" not in options
    assert (
        "“Giấy khen của Chủ tịch UBND huyện” chỉ được tặng đến ngày 30/06/2025: từ ngày "
        "01/07/2025 không còn cấp có thẩm quyền tặng hình thức này."
    ) in page
    assert refused.status_code == 400
    assert proposal.nominees.count() == 0


def test_the_honour_roll_is_paginated(
    client, campaign, window, office, council, members, giay_khen, monkeypatch
):
    monkeypatch.setattr("core.paging.PER_PAGE", 2)
    _awarded_units(3, campaign, window, office, council, members, giay_khen)

    first = client.get(reverse("honour_roll"), {"nam": 2024})
    second = client.get(reverse("honour_roll"), {"nam": 2024, "page": 2})

    assert first.context["count"] == 3
    assert [len(rows) for _form, rows in first.context["groups"]] == [2]
    assert [len(rows) for _form, rows in second.context["groups"]] == [1]
    assert "Trang 2/2" in second.content.decode()


def test_long_lists_read_each_page_in_vietnamese_order_with_its_own_counts(
    client, campaign, window, office, council, members, giay_khen, monkeypatch
):
    """The proposals, the consolidated list and the decision choose a page's rows by id
    first (core.paging.paginate_by_ids): each unit once, in Vietnamese order, page by page."""
    monkeypatch.setattr("core.paging.PER_PAGE", 2)
    decision = _awarded_units(3, campaign, window, office, council, members, giay_khen)
    names = ["UBND xã Ô Quy Hồ", "UBND xã A Lù", "UBND xã Bản Vược"]
    for proposal, name in zip(AwardProposal.objects.order_by("pk"), names, strict=True):
        proposal.unit.name = name
        proposal.unit.save()
    in_order = ["UBND xã A Lù", "UBND xã Bản Vược", "UBND xã Ô Quy Hồ"]
    client.force_login(office)

    for path in (
        url("proposal_list"),
        url("submission_detail", decision.meeting.submission.pk),
        url("decision_detail", decision.pk),
    ):
        first = client.get(path).content.decode()
        second = client.get(path, {"page": 2}).content.decode()

        assert [name in first for name in in_order] == [True, True, False], path
        assert [name in second for name in in_order] == [False, False, True], path
        assert first.index(in_order[0]) < first.index(in_order[1]), path
    # The proposals' nominee counts are those of each row (one collective, no individual).
    last = client.get(url("proposal_list"), {"page": 2}).content.decode()
    assert "<td>UBND xã Ô Quy Hồ</td><td>1</td><td>0</td>" in last


# --- tables kept once per change of the data (issue 10) -----------------------------------------


def _table_of(client, path, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    table = response.content.decode().split("<table")[1].split("</table>")[0]  # not the nonces
    return table, len(captured)


def test_the_office_proposals_table_shows_a_nominee_added_after_a_return_at_once(
    client,
    submitted,
    collective,
    individual,
    office,
    staff,
    giay_khen,
    django_capture_on_commit_callbacks,
):
    decisions = {collective.pk: ("accept", ""), individual.pk: ("return", "Thiếu số liệu")}
    with django_capture_on_commit_callbacks(execute=True):
        services.review_proposal(submitted, by=office, decisions=decisions, now=NOW)
    client.force_login(office)
    path = url("proposal_list")
    before, first_queries = _table_of(client, path, year=2024)
    again, cached_queries = _table_of(client, path, year=2024)

    with django_capture_on_commit_callbacks(execute=True):  # the unit adds an individual
        services.add_nominee(
            submitted,
            by=staff,
            subject=Subject.INDIVIDUAL,
            award_form=giay_khen,
            data={**PERSON, "full_name": "Lường Thị Hoa"},
        )
    added, _queries = _table_of(client, path, year=2024)
    with django_capture_on_commit_callbacks(execute=True):  # and takes them off again
        services.remove_nominee(submitted.nominees.get(full_name="Lường Thị Hoa"), by=staff)
    removed, _queries = _table_of(client, path, year=2024)

    # The second view reads neither the years nor the rows again.
    assert again == before and cached_queries == first_queries - 2
    assert "<td>1</td><td>1</td>" in before
    assert "<td>1</td><td>2</td>" in added
    assert removed == before


def test_a_units_first_draft_leaves_the_cached_figures_current(
    proposal, staff, giay_khen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:  # never listed for the district
        services.add_nominee(
            proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=PERSON
        )

    assert callbacks == []


def test_the_submissions_table_shows_a_draft_decisions_number_at_once(
    client, decision, council, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    path = url("submission_list")
    before, first_queries = _table_of(client, path)
    again, cached_queries = _table_of(client, path)

    with django_capture_on_commit_callbacks(execute=True):
        services.update_decision(decision, by=council, data={"number": "99/QĐ-UBND"})
    after, _queries = _table_of(client, path)

    assert again == before and cached_queries == first_queries - 3
    assert "99/QĐ-UBND" not in before
    assert "99/QĐ-UBND" in after


def test_the_submissions_table_shows_a_nominee_taken_out_at_once(
    client, accepted, campaign, individual, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.start_submission(campaign, 2024, by=office)
    client.force_login(office)
    path = url("submission_list")
    before, _queries = _table_of(client, path)

    with django_capture_on_commit_callbacks(execute=True):
        services.exclude_from_submission(submission, individual, by=office)
    after, _queries = _table_of(client, path)
    page = client.get(path).content.decode()

    assert "</a> <span" in before and "<td>2</td>" in before
    assert "<td>1</td>" in after
    # The excluded nominee waits for the next consolidation.
    assert "1 tập thể, cá nhân đã được tiếp nhận, chưa tổng hợp" in page
