"""The year's inspections (plan III.4): plan, record, answer; who may, in which state."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Notice, Transition
from inspections import queries, services
from inspections.models import Inspection, Recommendation
from tests.conftest import PDF_BYTES
from tests.factories import UnitFactory

from .conftest import PLANNED_ON, plan

pytestmark = pytest.mark.django_db
VISIT_AT = datetime.datetime(2024, 10, 8, 15, tzinfo=datetime.UTC)


def transitions(obj):
    return list(
        Transition.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("from_state", "to_state")
    )


def record(inspection, office, **kwargs):
    values = {"visited_on": PLANNED_ON, "conclusion": "Đơn vị làm tốt.", "now": VISIT_AT}
    return services.record_inspection(inspection, by=office, **{**values, **kwargs})


def test_office_plans_an_inspection_and_the_unit_is_told(inspection, staff, head):
    assert inspection.status == Inspection.Status.PLANNED
    assert inspection.plan.window.year == 2024
    assert inspection.members == ["Nguyễn Văn Hùng – Trưởng phòng", "Lò Thị Mai – Chuyên viên"]
    assert transitions(inspection) == [("", "planned")]
    notices = Notice.objects.filter(user__in=[staff, head])
    assert notices.count() == 2
    assert "08/10/2024" in notices.first().text


def test_only_the_office_plans(window, unit, council, head, accepted):
    for user in (council, head):
        with pytest.raises(services.InspectionError, match="Phòng Văn hóa"):
            plan(window, unit, user)
    assert not Inspection.objects.exists()


def test_after_the_handover_the_refusal_names_the_communes_office(
    commune_office, inspection, window, unit, head, time_machine
):
    """Who may plan or record is told from the campaign's data on the day (issue 9)."""
    time_machine.move_to(datetime.datetime(2025, 9, 15, 9, tzinfo=datetime.UTC))
    expected = "Chỉ cơ quan thường trực phong trào (Phòng Văn hóa - Xã hội xã Hợp Nhất) mới %s."
    with pytest.raises(services.InspectionError) as refused:
        plan(window, UnitFactory(), head)
    assert str(refused.value) == expected % "lập kế hoạch kiểm tra"
    with pytest.raises(services.InspectionError) as refused:
        record(inspection, head)
    assert str(refused.value) == expected % "ghi kết quả kiểm tra"
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.PLANNED
    assert Inspection.objects.count() == 1


def test_a_unit_is_planned_once_a_year_and_within_the_year(inspection, window, unit, office):
    with pytest.raises(services.InspectionError, match="đã có trong kế hoạch"):
        plan(window, unit, office)
    with pytest.raises(services.InspectionError, match="thuộc năm 2024"):
        plan(window, UnitFactory(), office, planned_on=datetime.date(2025, 1, 5))
    assert Inspection.objects.count() == 1


def test_a_unit_outside_the_campaign_organisation_is_refused(window, office, campaign):
    organisation = UnitFactory(name="UBND xã Bản Lầu")
    campaign.organisation = organisation
    campaign.save()
    outsider = UnitFactory(name="UBND xã Ngoài Địa Bàn")

    with pytest.raises(services.InspectionError, match="không thuộc diện"):
        plan(window, outsider, office)


def test_findings_per_criterion_target_or_general(inspection, office, commune_set):
    criterion = queries.criteria_for(inspection)[0]
    target = queries.targets_for(inspection)[0]

    services.add_finding(inspection, by=office, criterion=criterion, text="Số liệu khớp.")
    services.add_finding(inspection, by=office, target=target, text="Đúng tiến độ.")
    services.add_finding(inspection, by=office, text="Tổ chức nghiêm túc.")

    subjects = [str(f.subject) for f in queries.record_of(inspection)["findings"]]
    assert subjects == [
        f"Tiêu chí {criterion.code}",
        "Chỉ tiêu: Tuyên truyền chuyển đổi số",
        "Chung",
    ]


def test_a_criterion_of_another_set_is_refused(inspection, office, campaign):
    from criteria import services as criteria_services
    from tests.criteria.helpers import SEED
    from units.models import Tier

    other_set = criteria_services.create_criterion_set(
        campaign, 2024, Tier.ENTERPRISE, rows=SEED["tiers"]["enterprise"]
    )
    with pytest.raises(services.InspectionError, match="không thuộc bộ tiêu chí"):
        services.add_finding(
            inspection, by=office, criterion=other_set.criteria.first(), text="Sai bộ."
        )
    assert not inspection.findings.exists()


def test_evidence_is_checked_by_its_content(inspection, office):
    fake = SimpleUploadedFile("anh.png", b"not a picture at all", content_type="image/png")
    with pytest.raises(services.InspectionError, match="không đúng định dạng"):
        services.add_evidence(inspection, fake, by=office)

    good = services.add_evidence(
        inspection, SimpleUploadedFile("bien-ban-giay.pdf", PDF_BYTES), by=office
    )
    assert good.kind == "pdf"
    assert good.file.read() == PDF_BYTES


def test_recording_needs_a_finding_and_a_past_day_then_locks_the_record(inspection, office):
    with pytest.raises(services.InspectionError, match="ít nhất một kết quả"):
        record(inspection, office)
    services.add_finding(inspection, by=office, text="Tổ chức nghiêm túc.")
    with pytest.raises(services.InspectionError, match="sau hôm nay"):
        record(inspection, office, visited_on=datetime.date(2024, 10, 9), now=VISIT_AT)
    services.add_recommendation(
        inspection, by=office, text="Số hóa minh chứng.", due_on=datetime.date(2024, 11, 8)
    )

    record(inspection, office)

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.RECORDED
    assert inspection.visited_on == PLANNED_ON
    assert transitions(inspection) == [("", "planned"), ("planned", "recorded")]
    with pytest.raises(services.InspectionError, match="không sửa được"):
        services.add_finding(inspection, by=office, text="Thêm sau khi chốt.")


def test_without_recommendations_the_inspection_is_done_at_once(inspection, office):
    services.add_finding(inspection, by=office, text="Tốt.")
    record(inspection, office)
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CLOSED


def test_recommendation_deadline_not_before_the_inspection(inspection, office):
    with pytest.raises(services.InspectionError, match="từ ngày kiểm tra"):
        services.add_recommendation(
            inspection, by=office, text="Sớm quá.", due_on=datetime.date(2024, 9, 1)
        )


@pytest.fixture
def recorded(inspection, office):
    services.add_finding(inspection, by=office, text="Tốt.")
    first = services.add_recommendation(
        inspection, by=office, text="Số hóa minh chứng.", due_on=datetime.date(2024, 11, 8)
    )
    second = services.add_recommendation(
        inspection, by=office, text="Cập nhật cổng.", due_on=datetime.date(2024, 12, 8)
    )
    record(inspection, office)
    inspection.refresh_from_db()
    return inspection, first, second


def test_the_unit_answers_each_recommendation_and_the_inspection_closes(
    recorded, staff, office, other_staff
):
    inspection, first, second = recorded
    with pytest.raises(services.InspectionError, match="Chỉ đơn vị"):
        services.answer_recommendation(first, by=other_staff, response="Không phải của tôi.")
    with pytest.raises(services.InspectionError, match="Chỉ đơn vị"):
        services.answer_recommendation(first, by=office, response="Văn phòng trả lời hộ.")

    services.answer_recommendation(first, by=staff, response="Đã số hóa xong.", now=VISIT_AT)
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.RECORDED
    with pytest.raises(services.InspectionError, match="đã được trả lời"):
        services.answer_recommendation(first, by=staff, response="Lần hai.")

    services.answer_recommendation(second, by=staff, response="Đã cập nhật.", now=VISIT_AT)

    inspection.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Recommendation.Status.ANSWERED
    assert first.response == "Đã số hóa xong." and first.responded_by == staff
    assert inspection.status == Inspection.Status.CLOSED
    assert transitions(first) == [("open", "answered")]
    assert transitions(inspection)[-1] == ("recorded", "closed")
    assert Notice.objects.filter(user=office, text__contains="trả lời đủ").exists()


def test_recommendations_cannot_be_answered_before_the_record_is_closed(inspection, office, staff):
    services.add_finding(inspection, by=office, text="Tốt.")
    recommendation = services.add_recommendation(
        inspection, by=office, text="Số hóa.", due_on=datetime.date(2024, 11, 8)
    )
    with pytest.raises(services.InspectionError):
        services.answer_recommendation(recommendation, by=staff, response="Sớm quá.")


def test_the_scoring_sees_only_a_recorded_inspection(recorded, unit, campaign):
    inspection, _first, _second = recorded
    shown = queries.findings_beside_scoring(unit.pk, campaign.pk, 2024)
    assert shown == inspection
    assert queries.findings_beside_scoring(unit.pk, campaign.pk, 2023) is None


def test_the_summary_rows_count_findings_and_answers(recorded, staff, campaign):
    _inspection, first, _second = recorded
    services.answer_recommendation(first, by=staff, response="Xong.", now=VISIT_AT)

    [row] = queries.summary_rows(campaign.pk, 2024)
    assert row["finding_count"] == 1
    assert row["recommendation_count"] == 2
    assert row["answered_count"] == 1
    assert row["status"] == Inspection.Status.RECORDED
