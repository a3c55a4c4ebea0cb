"""Dates that agree: submission → meeting → decision → today."""

import datetime

import pytest

from core.models import Transition
from dossiers import services
from dossiers.bonus import rule_changes
from dossiers.models import AwardDecision, CouncilMeeting, Nominee

from .conftest import DECIDED_ON, decision_data

LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=7))


def test_a_meeting_before_the_submission_was_sent_is_refused(sent_submission, council, members):
    with pytest.raises(services.DossierError) as refused:
        services.open_meeting(
            sent_submission,
            by=council,
            held_on=datetime.date(2024, 12, 9),
            place="Phòng họp",
            chair=members[0],
            members_present=members[:4],
        )

    assert str(refused.value) == (
        "Ngày họp 09/12/2024 trước ngày trình bản tổng hợp (10/12/2024): Hội đồng chỉ họp "
        "xét hồ sơ đã được trình."
    )
    assert CouncilMeeting.objects.count() == 0


def test_a_meeting_on_the_day_the_submission_was_sent_is_accepted(
    sent_submission, council, members
):
    meeting = services.open_meeting(
        sent_submission,
        by=council,
        held_on=datetime.date(2024, 12, 10),
        place="Phòng họp",
        chair=members[0],
        members_present=members[:4],
        now=datetime.datetime(2024, 12, 10, 15, tzinfo=LOCAL_TZ),
    )

    assert meeting.held_on == datetime.date(2024, 12, 10)


def test_a_meeting_in_the_future_is_refused(sent_submission, council, members):
    with pytest.raises(services.DossierError) as refused:
        services.open_meeting(
            sent_submission,
            by=council,
            held_on=datetime.date(2024, 12, 20),
            place="Phòng họp",
            chair=members[0],
            members_present=members[:4],
            now=datetime.datetime(2024, 12, 19, 15, tzinfo=LOCAL_TZ),
        )

    assert str(refused.value) == (
        "Ngày họp 20/12/2024 sau ngày hôm nay (19/12/2024): chỉ ghi phiên họp đã diễn ra."
    )


def test_a_decision_dated_before_its_meeting_is_refused(closed_meeting, council, giay_khen):
    with pytest.raises(services.DossierError) as refused:
        services.draft_decision(
            closed_meeting,
            by=council,
            award_form=giay_khen,
            data=decision_data(decided_on=datetime.date(2025, 1, 14)),
        )

    assert str(refused.value) == (
        "Quyết định không thể ghi ngày 14/01/2025, trước phiên họp Hội đồng ngày 15/01/2025 "
        "mà nó căn cứ."
    )
    assert AwardDecision.objects.count() == 0


def test_a_decision_on_the_meeting_day_is_accepted(closed_meeting, council, giay_khen):
    decision = services.draft_decision(
        closed_meeting,
        by=council,
        award_form=giay_khen,
        data=decision_data(decided_on=datetime.date(2025, 1, 15)),
    )

    assert decision.decided_on == datetime.date(2025, 1, 15)


def test_moving_a_draft_decision_before_its_meeting_changes_nothing(decision, council):
    with pytest.raises(services.DossierError):
        services.update_decision(
            decision, by=council, data={"decided_on": datetime.date(2024, 6, 20)}
        )

    decision.refresh_from_db()
    assert decision.decided_on == DECIDED_ON


def test_issuing_a_decision_dated_after_today_is_refused(decision, council):
    with pytest.raises(services.DossierError) as refused:
        services.issue_decision(
            decision, by=council, now=datetime.datetime(2025, 1, 19, 10, tzinfo=LOCAL_TZ)
        )

    assert str(refused.value) == (
        "Quyết định ghi ngày 20/01/2025, sau ngày hôm nay (19/01/2025): chưa ban hành được."
    )
    decision.refresh_from_db()
    assert decision.status == AwardDecision.Status.DRAFT
    assert not decision.awardees.filter(status=Nominee.Status.AWARDED).exists()
    assert Transition.objects.for_object(decision).count() == 1


def test_issuing_on_the_decision_day_is_accepted(decision, council):
    issued = services.issue_decision(
        decision, by=council, now=datetime.datetime(2025, 1, 20, 10, tzinfo=LOCAL_TZ)
    )

    assert issued.status == AwardDecision.Status.ISSUED


def test_a_regime_and_salary_change_between_meeting_and_decision_is_listed(db):
    changes = rule_changes(datetime.date(2025, 6, 25), datetime.date(2025, 7, 2))
    nothing = rule_changes(datetime.date(2025, 7, 1), datetime.date(2025, 7, 2))

    assert changes == [
        "Chế độ khen thưởng đổi giữa ngày họp (25/06/2025: Nghị định 98/2023/NĐ-CP) và ngày "
        "quyết định (02/07/2025: Nghị định 152/2025/NĐ-CP); tiền thưởng tính theo "
        "Nghị định 152/2025/NĐ-CP."
    ]
    assert nothing == []


def test_a_salary_change_between_meeting_and_decision_is_listed(db):
    changes = rule_changes(datetime.date(2024, 6, 28), datetime.date(2024, 7, 1))

    assert changes == [
        "Mức lương cơ sở đổi từ 1.800.000 đồng (ngày họp 28/06/2024) thành 2.340.000 đồng "
        "(ngày quyết định 01/07/2024, Nghị định 73/2024/NĐ-CP); tiền thưởng tính theo mức mới."
    ]
