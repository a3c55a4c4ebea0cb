import datetime

import pytest
from django.core import mail

from awards.models import Subject
from core.models import Notice, Transition, Version
from criteria import services as criteria_services
from dossiers import honour, queries, services
from dossiers.eligibility import is_collective_eligible
from dossiers.models import (
    AwardDecision,
    AwardProposal,
    DossierRule,
    EligibilityOverride,
    Nominee,
    PriorAward,
)
from registrations.models import Registration
from units.models import Tier

from ..criteria.helpers import COMMUNE_FIGURES, SEED, fill, review_lines
from ..factories import RegistrationFactory, WindowFactory
from .conftest import COLLECTIVE, NOW, PERSON, accept_all, decision_data, vote_all

pytestmark = pytest.mark.django_db


# --- eligibility ------------------------------------------------------------------------------


def scored_assessment(registration, head, office, x1_done):
    """The commune's 2024 results, scored on the unit's figures; X1 needs ≥ 85% of 400."""
    criteria_services.create_criterion_set(
        registration.window.campaign, 2024, Tier.COMMUNE, rows=SEED["tiers"]["commune"]
    )
    figures = {**COMMUNE_FIGURES, "X1": {"total": 412, "excluded": 12, "done": x1_done}}
    assessment = criteria_services.start_assessment(registration, by=head)
    assessment = fill(assessment, head, figures=figures)
    assessment = criteria_services.submit_assessment(
        assessment, by=head, revision=assessment.revision
    )
    return criteria_services.score_assessment(
        assessment, by=office, revision=assessment.revision, lines=review_lines(assessment)
    )


def test_a_unit_without_a_scored_assessment_or_ruling_is_not_eligible(unit):
    assert is_collective_eligible(unit, 2024) is False


def test_a_unit_that_failed_a_mandatory_criterion_cannot_propose_its_collective(
    proposal, accepted_registration, staff, head, office, giay_khen
):
    scored_assessment(accepted_registration, head, office, x1_done=330)  # 82,5% < 85 %

    with pytest.raises(
        services.DossierError, match="chưa đủ điều kiện đề nghị khen thưởng tập thể"
    ):
        services.add_nominee(
            proposal, by=staff, subject=Subject.COLLECTIVE, award_form=giay_khen, data=COLLECTIVE
        )

    assert proposal.nominees.count() == 0


def test_a_unit_that_met_every_mandatory_criterion_proposes_its_collective(
    proposal, accepted_registration, staff, head, office, giay_khen
):
    scored_assessment(accepted_registration, head, office, x1_done=350)  # 87,5%

    nominee = services.add_nominee(
        proposal, by=staff, subject=Subject.COLLECTIVE, award_form=giay_khen, data=COLLECTIVE
    )

    assert nominee.name == "UBND xã Lùng Vai"


def test_an_office_ruling_wins_over_the_criteria_result(accepted_registration, unit, head, office):
    scored_assessment(accepted_registration, head, office, x1_done=350)
    EligibilityOverride.objects.create(unit=unit, year=2024, is_eligible=False, reason="Vi phạm")

    assert is_collective_eligible(unit, 2024) is False


def test_section_two_is_prefilled_from_the_scored_assessment(
    proposal, accepted_registration, head, office
):
    scored_assessment(accepted_registration, head, office, x1_done=350)

    achievements = queries.report_prefill(proposal, Subject.COLLECTIVE)["achievements"]

    assert "Kết quả chấm điểm theo bộ tiêu chí năm 2024:" in achievements
    assert "(≥ 85%): 87,5% – đạt" in achievements


def test_an_ineligible_unit_may_still_propose_individuals(proposal, staff, giay_khen):
    nominee = services.add_nominee(
        proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=PERSON
    )

    assert (nominee.name, nominee.status) == ("Lò Văn Thắng", Nominee.Status.PENDING)


def test_submission_rechecks_eligibility_of_the_collective(collective, individual, head, eligible):
    eligible.is_eligible = False
    eligible.save()

    with pytest.raises(services.DossierError, match="chưa đủ điều kiện khen thưởng tập thể"):
        services.submit_proposal(collective.proposal, by=head, now=NOW)


# --- the unit's proposal ------------------------------------------------------------------------


def test_start_proposal_needs_an_accepted_registration(window, unit, staff):
    registration = RegistrationFactory(
        window=window, unit=unit, status=Registration.Status.SUBMITTED
    )

    with pytest.raises(services.DossierError, match="chưa được tiếp nhận"):
        services.start_proposal(registration, by=staff)

    assert AwardProposal.objects.count() == 0


def test_start_proposal_refuses_a_second_one_for_the_year(proposal, accepted_registration, staff):
    with pytest.raises(services.DossierError, match="đã có hồ sơ"):
        services.start_proposal(accepted_registration, by=staff)


def test_start_proposal_refuses_another_units_member(accepted_registration, other_staff):
    with pytest.raises(services.DossierError, match="Chỉ cán bộ của đơn vị"):
        services.start_proposal(accepted_registration, by=other_staff)


def test_report_prefill_uses_the_registration_targets_and_earlier_awards(proposal):
    prefill = queries.report_prefill(proposal, Subject.COLLECTIVE)

    assert "Hồ sơ công việc xử lý trên môi trường mạng: đăng ký ≥ 85%" in prefill["achievements"]
    assert "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc." in prefill["achievements"]
    assert prefill["background"].startswith("UBND xã Lùng Vai")
    assert prefill["prior_awards"] == []


def test_only_one_collective_per_proposal(collective, staff, giay_khen):
    with pytest.raises(services.DossierError, match="mỗi hồ sơ đề nghị một tập thể"):
        services.add_nominee(
            collective.proposal,
            by=staff,
            subject=Subject.COLLECTIVE,
            award_form=giay_khen,
            data=COLLECTIVE,
        )


def test_an_award_form_not_meant_for_individuals_is_refused(proposal, staff, giay_khen):
    giay_khen.for_individuals = False
    giay_khen.save()

    with pytest.raises(services.DossierError, match="không dành cho cá nhân"):
        services.add_nominee(
            proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=PERSON
        )


def test_a_summary_is_refused_unless_the_campaign_allows_it(proposal, staff, giay_khen, campaign):
    data = {**PERSON, "report_type": Nominee.ReportType.SUMMARY}

    with pytest.raises(services.DossierError, match="không nhận tóm tắt"):
        services.add_nominee(
            proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=data
        )
    DossierRule.objects.create(campaign=campaign, allows_summary=True)
    nominee = services.add_nominee(
        proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=data
    )

    assert nominee.report_type == Nominee.ReportType.SUMMARY


def test_collective_nominees_keep_no_personal_data(proposal, staff, eligible, giay_khen):
    nominee = services.add_nominee(
        proposal,
        by=staff,
        subject=Subject.COLLECTIVE,
        award_form=giay_khen,
        data={**COLLECTIVE, "full_name": "X", "ethnicity": "Kinh"},
    )

    assert (nominee.full_name, nominee.ethnicity, nominee.name) == ("", "", "UBND xã Lùng Vai")


def test_prior_awards_are_stored_as_section_three(proposal, staff, giay_khen):
    nominee = services.add_nominee(
        proposal,
        by=staff,
        subject=Subject.INDIVIDUAL,
        award_form=giay_khen,
        data=PERSON,
        prior_awards=[
            {"year": 2022, "title": "Lao động tiên tiến", "decision_ref": "QĐ 5/QĐ-UBND"}
        ],
    )

    assert list(nominee.prior_awards.values_list("year", "title")) == [(2022, "Lao động tiên tiến")]


def test_only_the_head_submits(collective, individual, staff):
    with pytest.raises(services.DossierError, match="Chỉ thủ trưởng"):
        services.submit_proposal(collective.proposal, by=staff)


def test_submission_lists_what_the_outline_still_needs(proposal, staff, head, giay_khen):
    services.add_nominee(
        proposal,
        by=staff,
        subject=Subject.INDIVIDUAL,
        award_form=giay_khen,
        data={"full_name": "Hoàng Thị Nhung"},
    )

    with pytest.raises(services.DossierError) as refused:
        services.submit_proposal(proposal, by=head)

    assert "Hoàng Thị Nhung thiếu mục II. Thành tích đạt được" in str(refused.value)
    assert "Hoàng Thị Nhung thiếu ngày sinh" in str(refused.value)


def test_submit_freezes_a_version_records_the_transition_and_tells_the_office(
    proposal, collective, individual, head, office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_proposal(proposal, by=head, now=NOW)

    proposal.refresh_from_db()
    version = Version.objects.for_object(proposal).get()
    assert proposal.status == AwardProposal.Status.SUBMITTED
    assert [n["name"] for n in version.data["nominees"]] == ["UBND xã Lùng Vai", "Lò Văn Thắng"]
    assert version.data["nominees"][1]["birth_date"] == "12/03/1985"
    assert list(Transition.objects.for_object(proposal).values_list("to_state", flat=True)) == [
        "draft",
        "submitted",
    ]
    assert Notice.objects.get(user=office).text == (
        "UBND xã Lùng Vai đã gửi hồ sơ đề nghị khen thưởng năm 2024."
    )
    assert mail.outbox[0].to == [office.email]


def test_a_submitted_proposal_cannot_be_edited(submitted, staff, individual, giay_khen):
    with pytest.raises(services.DossierError, match="không sửa được"):
        services.update_nominee(individual, by=staff, award_form=giay_khen, data=PERSON)


# --- the office's review ------------------------------------------------------------------------


def test_review_returns_one_nominee_with_its_reason_and_accepts_the_other(
    submitted, collective, individual, office, staff
):
    decisions = {
        collective.pk: ("accept", ""),
        individual.pk: ("return", "Thiếu số liệu minh chứng"),
    }

    services.review_proposal(submitted, by=office, decisions=decisions, now=NOW)

    submitted.refresh_from_db()
    collective.refresh_from_db()
    individual.refresh_from_db()
    assert submitted.status == AwardProposal.Status.RETURNED
    assert (collective.status, individual.status) == (
        Nominee.Status.ACCEPTED,
        Nominee.Status.RETURNED,
    )
    assert individual.return_reason == "Thiếu số liệu minh chứng"
    assert Notice.objects.get(user=staff).text == (
        "Hồ sơ đề nghị khen thưởng năm 2024 bị trả lại: Lò Văn Thắng: Thiếu số liệu minh chứng"
    )


def test_after_a_return_only_the_returned_nominee_is_edited_and_reviewed_again(
    submitted, collective, individual, office, staff, head, giay_khen
):
    decisions = {collective.pk: ("accept", ""), individual.pk: ("return", "Thiếu số liệu")}
    services.review_proposal(submitted, by=office, decisions=decisions, now=NOW)

    with pytest.raises(services.DossierError, match="đã được tiếp nhận"):
        services.update_nominee(collective, by=staff, award_form=giay_khen, data=COLLECTIVE)
    services.update_nominee(
        individual, by=staff, award_form=giay_khen, data={**PERSON, "achievements": "Có số liệu."}
    )
    services.submit_proposal(submitted, by=head, now=NOW)
    accept_all(submitted, office)

    submitted.refresh_from_db()
    assert submitted.status == AwardProposal.Status.ACCEPTED
    assert set(submitted.nominees.values_list("status", flat=True)) == {Nominee.Status.ACCEPTED}
    assert Version.objects.for_object(submitted).count() == 2


def test_a_return_needs_a_reason(submitted, individual, collective, office):
    decisions = {collective.pk: ("accept", ""), individual.pk: ("return", "  ")}

    with pytest.raises(services.DossierError, match="Cần ghi lý do trả lại"):
        services.review_proposal(submitted, by=office, decisions=decisions)

    individual.refresh_from_db()
    assert individual.status == Nominee.Status.PENDING


def test_review_is_refused_to_the_council(submitted, council):
    with pytest.raises(
        services.DossierError,
        match=r"Chỉ cơ quan thường trực phong trào \(Phòng Văn hóa và Thông tin\) mới",
    ):
        services.review_proposal(submitted, by=council, decisions={})


# --- consolidation ------------------------------------------------------------------------------


def test_consolidation_gathers_accepted_nominees_and_counts_them(accepted, campaign, office):
    submission = services.start_submission(campaign, 2024, by=office)

    nominees = list(submission.nominees.all())
    assert queries.submission_counts(nominees) == {"collectives": 1, "individuals": 1}


def test_sending_the_submission_includes_the_nominees_and_tells_the_council(
    accepted, campaign, office, council
):
    submission = services.start_submission(campaign, 2024, by=office)

    services.send_submission(submission, by=office)

    assert set(submission.nominees.values_list("status", flat=True)) == {Nominee.Status.INCLUDED}
    assert Notice.objects.get(user=council).text == (
        "Phòng Văn hóa và Thông tin trình Hội đồng 2 đề nghị khen thưởng năm 2024."
    )


def test_an_excluded_nominee_waits_for_the_next_consolidation(
    accepted, campaign, office, individual
):
    submission = services.start_submission(campaign, 2024, by=office)

    services.exclude_from_submission(submission, individual, by=office)

    assert list(queries.consolidable_nominees(campaign, 2024)) == [individual]


def test_nothing_to_consolidate_is_refused(campaign, office):
    with pytest.raises(services.DossierError, match="Chưa có tập thể, cá nhân nào được tiếp nhận"):
        services.start_submission(campaign, 2024, by=office)


# --- council, decision and bonus ----------------------------------------------------------------


def test_opening_a_meeting_is_refused_to_the_culture_office(sent_submission, office, members):
    with pytest.raises(services.DossierError, match="Chỉ Hội đồng"):
        services.open_meeting(
            sent_submission,
            by=office,
            held_on=datetime.date(2025, 1, 15),
            place="Phòng họp",
            chair=members[0],
            members_present=members,
        )


def test_the_chair_must_be_present(sent_submission, council, members):
    with pytest.raises(services.DossierError, match="Người chủ trì"):
        services.open_meeting(
            sent_submission,
            by=council,
            held_on=datetime.date(2025, 1, 15),
            place="Phòng họp",
            chair=members[4],
            members_present=members[:3],
        )


def test_the_decision_total_is_the_sum_of_the_bonuses(decision, council):
    services.issue_decision(decision, by=council)

    decision.refresh_from_db()
    awardees = {n.name: n.bonus_amount for n in decision.awardees.all()}
    assert decision.status == AwardDecision.Status.ISSUED
    assert awardees == {"UBND xã Lùng Vai": 1_410_000, "Lò Văn Thắng": 710_000}
    assert Transition.objects.for_object(decision).last().comment == (
        "Tổng tiền thưởng: 2.120.000 đồng"
    )
    assert set(decision.awardees.values_list("status", flat=True)) == {Nominee.Status.AWARDED}


def test_the_bonus_note_shows_how_it_was_computed(decision, council):
    services.issue_decision(decision, by=council)

    person = decision.awardees.get(subject=Subject.INDIVIDUAL)
    assert person.bonus_note == (
        "0,3 × 2.340.000 đồng = 702.000 đồng, làm tròn lên hàng chục nghìn: 710.000 đồng "
        "(Nghị định 98/2023/NĐ-CP)"
    )


def test_a_district_decision_cannot_be_moved_past_the_end_of_the_district_level(decision, council):
    with pytest.raises(services.DossierError) as refused:
        services.update_decision(
            decision, by=council, data={"decided_on": datetime.date(2025, 7, 1)}
        )

    assert str(refused.value) == (
        "“Giấy khen của Chủ tịch UBND huyện” chỉ được tặng đến ngày 30/06/2025: từ ngày "
        "01/07/2025 không còn cấp có thẩm quyền tặng hình thức này."
    )
    decision.refresh_from_db()
    assert (decision.status, decision.decided_on) == (
        AwardDecision.Status.DRAFT,
        datetime.date(2025, 1, 20),
    )


def test_a_district_decision_on_the_last_district_day_is_accepted(decision, council):
    services.update_decision(decision, by=council, data={"decided_on": datetime.date(2025, 6, 30)})

    issued = services.issue_decision(
        decision, by=council, now=datetime.datetime(2025, 6, 30, 10, tzinfo=datetime.UTC)
    )

    assert issued.status == AwardDecision.Status.ISSUED


def test_the_provinces_decision_is_recorded_with_its_number(
    closed_meeting, council, individual, bang_khen
):
    Nominee.objects.filter(pk=individual.pk).update(
        award_form=bang_khen, status=Nominee.Status.FORWARDED
    )
    decision = services.draft_decision(
        closed_meeting, by=council, award_form=bang_khen, data=decision_data(number="")
    )

    with pytest.raises(services.DossierError, match="Cần ghi số, ngày quyết định của cấp tỉnh"):
        services.issue_decision(decision, by=council)


def test_issuing_a_decision_is_refused_to_the_culture_office(decision, office):
    with pytest.raises(services.DossierError, match="Chỉ Hội đồng"):
        services.issue_decision(decision, by=office)


def test_not_approved_nominees_are_not_in_the_decision(meeting, council, members, giay_khen):
    collective, individual = queries.meeting_nominees(meeting)
    votes = {(m.pk, collective.pk): "yes" for m in members[:4]}
    votes |= {(m.pk, individual.pk): "no" for m in members[:4]}
    services.record_votes(meeting, by=council, votes=votes)
    services.close_meeting(meeting, by=council)

    decision = services.draft_decision(
        meeting, by=council, award_form=giay_khen, data=decision_data()
    )

    assert [n.name for n in decision.awardees.all()] == ["UBND xã Lùng Vai"]


def test_bang_khen_nominees_are_forwarded_then_awarded_by_the_province(
    proposal, staff, head, office, campaign, council, members, eligible, bang_khen
):
    services.add_nominee(
        proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=bang_khen, data=PERSON
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
        place="Phòng họp",
        chair=members[0],
        members_present=members,
    )
    vote_all(meeting, council, "yes")
    services.close_meeting(meeting, by=council)

    with pytest.raises(services.DossierError, match="chờ quyết định"):
        services.draft_decision(meeting, by=council, award_form=bang_khen, data=decision_data())
    forwarding = services.forward_to_province(
        meeting,
        by=council,
        award_form=bang_khen,
        data={
            "number": "05/TTr-UBND",
            "submitted_on": datetime.date(2025, 1, 20),
            "signer_name": "Lương Văn Thành",
            "signer_position": "Chủ tịch",
        },
    )
    decision = services.draft_decision(
        meeting,
        by=council,
        award_form=bang_khen,
        data=decision_data(number="512/QĐ-UBND", decided_on=datetime.date(2025, 3, 12)),
    )
    services.issue_decision(
        decision, by=council, now=datetime.datetime(2025, 3, 12, 9, tzinfo=datetime.UTC)
    )

    person = forwarding.nominees.get()
    assert (person.status, person.bonus_amount) == (Nominee.Status.AWARDED, 2_340_000)
    told = Notice.objects.filter(url__contains=f"/{forwarding.pk}/", text__contains="đã trình")
    assert {n.text for n in told} == {
        "Ủy ban nhân dân huyện Thử Nghiệm đã trình Chủ tịch Ủy ban nhân dân tỉnh Thử Nghiệm "
        "tặng Bằng khen của Chủ tịch UBND tỉnh cho 1 tập thể, cá nhân."
    }


def test_the_honour_roll_lists_awardees_with_public_columns_only(decision, council):
    services.issue_decision(decision, by=council)

    rows = honour.entries(2024)

    assert [(r.name, r.position, r.unit_name, r.decision_number) for r in rows] == [
        ("UBND xã Lùng Vai", "", "UBND xã Lùng Vai", "12/QĐ-UBND"),
        ("Lò Văn Thắng", "Công chức Văn phòng – Thống kê", "UBND xã Lùng Vai", "12/QĐ-UBND"),
    ]
    assert not hasattr(rows[1], "birth_date")


def test_earlier_awards_are_read_into_section_three_of_a_later_report(
    decision, council, window, unit, staff, campaign, giay_khen
):
    services.issue_decision(decision, by=council)
    later = RegistrationFactory(
        window=WindowFactory(campaign=campaign, year=2025),
        unit=unit,
        status=Registration.Status.ACCEPTED,
    )
    proposal = services.start_proposal(later, by=staff)
    EligibilityOverride.objects.create(unit=unit, year=2025, is_eligible=True, reason="Đạt")
    collective = services.add_nominee(
        proposal, by=staff, subject=Subject.COLLECTIVE, award_form=giay_khen, data=COLLECTIVE
    )

    titles, commendations = queries.earlier_awards(collective)

    assert titles == []
    assert [(a["year"], a["title"], a["decision_ref"]) for a in commendations] == [
        (
            2024,
            "Giấy khen của Chủ tịch UBND huyện",
            "Quyết định số 12/QĐ-UBND ngày 20/01/2025 của Chủ tịch Ủy ban nhân dân huyện Thử Nghiệm",
        )
    ]
    # Nothing copied: the report reads the portal's decision, the unit types only older ones.
    assert queries.report_prefill(proposal, Subject.COLLECTIVE)["prior_awards"] == []
    assert PriorAward.objects.count() == 0
