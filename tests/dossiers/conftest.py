"""Dossier fixtures built through the real services, state by state."""

import datetime

import pytest

from awards.models import AwardForm, Subject
from dossiers import queries, services
from dossiers.models import CouncilMember, EligibilityOverride, Nominee, Vote
from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration

from ..factories import RegistrationFactory, TargetFactory

NOW = datetime.datetime(2024, 12, 10, 9, tzinfo=LOCAL_TZ)
DECIDED_ON = datetime.date(2025, 1, 20)


@pytest.fixture
def giay_khen(db):
    return AwardForm.objects.get(code="giay-khen-chu-tich-huyen")


@pytest.fixture
def bang_khen(db):
    return AwardForm.objects.get(code="bang-khen-chu-tich-tinh")


@pytest.fixture
def accepted_registration(window, unit, staff):
    registration = RegistrationFactory(
        window=window, unit=unit, created_by=staff, status=Registration.Status.ACCEPTED
    )
    TargetFactory(registration=registration)
    return registration


@pytest.fixture
def eligible(unit):
    return EligibilityOverride.objects.create(
        unit=unit, year=2024, is_eligible=True, reason="Đạt đủ tiêu chí bắt buộc"
    )


@pytest.fixture
def proposal(accepted_registration, staff):
    return services.start_proposal(accepted_registration, by=staff, now=NOW)


@pytest.fixture
def collective(proposal, staff, eligible, giay_khen):
    return services.add_nominee(
        proposal, by=staff, subject=Subject.COLLECTIVE, award_form=giay_khen, data=COLLECTIVE
    )


@pytest.fixture
def individual(proposal, staff, giay_khen):
    return services.add_nominee(
        proposal, by=staff, subject=Subject.INDIVIDUAL, award_form=giay_khen, data=PERSON
    )


@pytest.fixture
def submitted(proposal, collective, individual, head):
    return services.submit_proposal(proposal, by=head, now=NOW)


@pytest.fixture
def accepted(submitted, office):
    return accept_all(submitted, office)


@pytest.fixture
def members(db):
    return [
        CouncilMember.objects.create(
            full_name=f"Thành Viên {i}", council_position="Ủy viên", order=i
        )
        for i in range(1, 6)
    ]


@pytest.fixture
def sent_submission(accepted, campaign, office):
    submission = services.start_submission(campaign, 2024, by=office, now=NOW)
    return services.send_submission(submission, by=office, now=NOW)


@pytest.fixture
def meeting(sent_submission, council, members):
    return services.open_meeting(
        sent_submission,
        by=council,
        held_on=datetime.date(2025, 1, 15),
        place="Phòng họp UBND huyện",
        chair=members[0],
        members_present=members[:4],
    )


@pytest.fixture
def closed_meeting(meeting, council, members):
    vote_all(meeting, council, Vote.Choice.YES)
    closed, _has_quorum = services.close_meeting(meeting, by=council)
    return closed


@pytest.fixture
def decision(closed_meeting, council, giay_khen):
    return services.draft_decision(
        closed_meeting, by=council, award_form=giay_khen, data=decision_data()
    )


COLLECTIVE = {
    "background": "Xã vùng cao biên giới, 9 thôn.",
    "duties": "Quản lý nhà nước trên địa bàn xã.",
    "achievements": "Hồ sơ công việc xử lý trên môi trường mạng đạt 92%.",
    "summary": "Hoàn thành 100% chỉ tiêu đăng ký.",
}

PERSON = {
    "category": Nominee.Category.OFFICIAL,
    "full_name": "Lò Văn Thắng",
    "birth_date": datetime.date(1985, 3, 12),
    "gender": Nominee.Gender.MALE,
    "ethnicity": "Tày",
    "religion": "Không",
    "hometown": "xã Lùng Vai",
    "residence": "xã Lùng Vai",
    "position": "Công chức Văn phòng – Thống kê",
    "qualifications": "Đại học",
    "duties": "Phụ trách công nghệ thông tin.",
    "achievements": "Xây dựng nhóm hỗ trợ dịch vụ công trực tuyến.",
    "summary": "Có giải pháp hỗ trợ người dân.",
}


def accept_all(proposal, office):
    decisions = {n.pk: ("accept", "") for n in proposal.nominees.all()}
    return services.review_proposal(proposal, by=office, decisions=decisions, now=NOW)


def vote_all(meeting, council, choice):
    votes = {
        (m.pk, n.pk): choice
        for m in meeting.members_present.all()
        for n in queries.meeting_nominees(meeting)
    }
    services.record_votes(meeting, by=council, votes=votes)


def decision_data(**overrides):
    return {
        "number": "12/QĐ-UBND",
        "decided_on": DECIDED_ON,
        "signer_name": "Lương Văn Thành",
        "signer_position": "Chủ tịch",
        "fund_name": "Quỹ Thi đua, khen thưởng huyện",
        **overrides,
    }
