"""The campaign open today (issue 9): a newcomer runs its current year end to end with
today's date, and every paper names authorities that exist on its date."""

import datetime

import pytest
from django.core.files.base import ContentFile

from awards.models import AwardForm, Subject
from criteria import services as criteria_services
from demo import current
from demo.loader import DEMO_PASSWORD, MINIMAL_PDF, _load_units
from documents.letterhead import date_text
from documents.services import request_document
from dossiers import queries as dossier_queries
from dossiers import services as dossier_services
from dossiers.models import AwardDecision, CouncilMember, Vote
from dossiers.papers import finished_decision_draft
from registrations import services as registration_services
from registrations.models import Campaign
from tests.criteria.helpers import review_lines
from tests.documents.pdf import says
from units.models import User

LOCAL_TZ = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture(autouse=True)
def eager(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(params=[datetime.datetime(2027, 3, 10, 9, tzinfo=LOCAL_TZ), None])
def today(request, time_machine):
    """A frozen day inside an open year: one in 2027 (nothing about 2026 is hard-coded)
    and the real today."""
    moment = request.param or datetime.datetime.now(LOCAL_TZ).replace(hour=9)
    time_machine.move_to(moment, tick=False)
    return moment


@pytest.fixture
def loaded(db, today):
    _load_units()
    return current.load(DEMO_PASSWORD)


def users():
    return {u.username: u for u in User.objects.filter(username__contains=".")}


def test_the_current_campaigns_open_year_is_this_year_and_registering_today_is_on_time(
    loaded, today
):
    campaign = Campaign.objects.get(organisation__code="xa-ban-lau-moi")
    window = campaign.windows.get(year=today.year)

    assert campaign.start_year <= today.year <= campaign.end_year
    assert window.opens_on <= today.date() < window.deadline_on
    assert [u.username for u in loaded] == [
        "htx.canbo",
        "htx.giamdoc",
        "vhxh.banlau",
        "hoidong.banlau",
    ]


def test_a_unit_goes_from_registration_to_a_numbered_decision_and_certificate_today(
    loaded, today, django_capture_on_commit_callbacks
):
    people = users()
    staff, head = people["htx.canbo"], people["htx.giamdoc"]
    office, council = people["vhxh.banlau"], people["hoidong.banlau"]
    campaign = Campaign.objects.get(organisation__code="xa-ban-lau-moi")
    window = campaign.windows.get(year=today.year)
    day = today.date()

    # Registration, on time, accepted by the commune's culture office.
    registration = registration_services.start_registration(window, by=staff)
    registration_services.update_registration(
        registration,
        by=staff,
        commitment="Hợp tác xã đăng ký thi đua chuyển đổi số.",
        award_forms=list(AwardForm.objects.filter(code="giay-khen-chu-tich-xa")),
        targets=[
            {
                "title": "Gian hàng trực tuyến",
                "measure": "số sản phẩm",
                "target_value": "6 sản phẩm",
                "product": "Gian hàng trên sàn",
                "due_on": datetime.date(day.year, 12, 15),
            }
        ],
        individuals=[],
        plan_file=ContentFile(MINIMAL_PDF, name="ke-hoach.pdf"),
    )
    registration = registration_services.submit_registration(registration, by=head)
    registration_services.accept_registration(registration, by=office)
    registration.refresh_from_db()
    assert registration.is_late is False

    # Results against the campaign's own criteria, scored by the office.
    assessment = criteria_services.start_assessment(registration, by=staff)
    results = {r.criterion.code: r.pk for r in assessment.results.select_related("criterion")}
    assessment = criteria_services.update_assessment(
        assessment,
        by=staff,
        revision=assessment.revision,
        lines={
            results["HTX1"]: {"total": 8, "excluded": 0, "done": 6},
            results["HTX2"]: {"total": 500, "excluded": 20, "done": 430},
            results["HTX3"]: {"answer": False},
        },
    )
    assessment = criteria_services.submit_assessment(
        assessment, by=head, revision=assessment.revision
    )
    criteria_services.score_assessment(
        assessment, by=office, revision=assessment.revision, lines=review_lines(assessment)
    )

    # The proposal: the collective, with the commune chairman's Giấy khen.
    proposal = dossier_services.start_proposal(registration, by=staff)
    giay_khen = AwardForm.objects.get(code="giay-khen-chu-tich-xa")
    dossier_services.add_nominee(
        proposal,
        by=staff,
        subject=Subject.COLLECTIVE,
        award_form=giay_khen,
        data={
            "background": "Hợp tác xã 25 thành viên.",
            "duties": "Sản xuất, tiêu thụ nông sản.",
            "achievements": "75% sản phẩm chủ lực bán trực tuyến.",
            "summary": "Hoàn thành chỉ tiêu đăng ký.",
        },
    )
    dossier_services.submit_proposal(proposal, by=head)
    dossier_services.review_proposal(
        proposal, by=office, decisions={n.pk: ("accept", "") for n in proposal.nominees.all()}
    )

    # The commune's council meets today, votes and the decision is dated today.
    submission = dossier_services.send_submission(
        dossier_services.start_submission(campaign, day.year, by=office), by=office
    )
    members = list(CouncilMember.objects.active_on(day))
    meeting = dossier_services.open_meeting(
        submission,
        by=council,
        held_on=day,
        place="Hội trường UBND xã Bản Lầu",
        chair=members[0],
        members_present=members,
    )
    dossier_services.record_votes(
        meeting,
        by=council,
        votes={
            (m.pk, n.pk): Vote.Choice.YES
            for m in members
            for n in dossier_queries.meeting_nominees(meeting)
        },
    )
    dossier_services.close_meeting(meeting, by=council)
    decision = dossier_services.draft_decision(
        meeting,
        by=council,
        award_form=giay_khen,
        data={
            "number": "",
            "decided_on": day,
            "signer_name": "Vàng Seo Chứ",
            "signer_position": "Chủ tịch",
            "fund_name": "Quỹ Thi đua, khen thưởng xã Bản Lầu",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_document("award_decision", decision, by=council)
    assert finished_decision_draft(decision) is not None
    with django_capture_on_commit_callbacks(execute=True):
        decision = dossier_services.issue_decision(decision, by=council)

    assert (decision.status, decision.number) == (AwardDecision.Status.ISSUED, "01/QĐ-UBND")
    awardee = decision.awardees.get()
    assert awardee.bonus_amount == 1_410_000  # 0,6 × 2.340.000 rounded up (ND 152/2025)

    issued = decision_pdf(decision)
    # Issued by the commune chairman, who exists on the decision's date and signs in his name.
    for text in (
        "ỦY BAN NHÂN DÂN\nXÃ BẢN LẦU",
        "Số: 01/QĐ-UBND",
        f"Bản Lầu, {date_text(day)}",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẢN LẦU",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "CHỦ TỊCH\nVàng Seo Chứ",
    ):
        assert says(issued, text), text
    assert not says(issued, "HUYỆN")
    assert not says(issued, "huyện Mường Khương")

    # The certificate, issued by the commune, citing the decision.
    with django_capture_on_commit_callbacks(execute=True):
        certificate = request_document("certificate", awardee, by=council)
    certificate.refresh_from_db()
    pdf = certificate.pdf.read()
    assert says(pdf, "GIẤY KHEN")
    assert says(pdf, "Quyết định số 01/QĐ-UBND")
    assert not says(pdf, "huyện Mường Khương")


def decision_pdf(decision):
    from documents.models import GeneratedDocument

    document = (
        GeneratedDocument.objects.of("award_decision", decision)
        .filter(issuance__isnull=False)
        .get()
    )
    document.refresh_from_db()
    return document.pdf.read()
