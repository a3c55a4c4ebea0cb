"""The inspection pages: who sees what (404 for another unit, 403 outside the role), the
forms, the findings beside the scoring, the papers, constant queries for the list."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from criteria import services as criteria_services
from documents.services import issue_document, request_document
from inspections import queries, services
from inspections.models import Inspection, Recommendation
from tests.conftest import PDF_BYTES
from tests.criteria.helpers import fill
from tests.documents import pdf
from tests.factories import RegistrationFactory, UnitFactory

from .conftest import PLANNED_ON, plan

pytestmark = pytest.mark.django_db
VISIT_AT = datetime.datetime(2024, 10, 8, 15, tzinfo=datetime.UTC)


def url(name, *args):
    return reverse(f"inspections:{name}", args=args)


@pytest.fixture
def recorded(inspection, office):
    criterion = queries.criteria_for(inspection)[0]
    services.add_finding(
        inspection, by=office, criterion=criterion, text="Số liệu khớp với sổ theo dõi."
    )
    services.add_finding(inspection, by=office, text="Tổ chức nghiêm túc.")
    services.add_evidence(inspection, SimpleUploadedFile("bien-ban.pdf", PDF_BYTES), by=office)
    services.add_recommendation(
        inspection, by=office, text="Số hóa minh chứng giấy.", due_on=datetime.date(2024, 11, 8)
    )
    services.record_inspection(
        inspection, by=office, visited_on=PLANNED_ON, conclusion="Làm tốt.", now=VISIT_AT
    )
    inspection.refresh_from_db()
    return inspection


def test_list_shows_the_year_for_the_office_and_the_own_unit_only(
    client, inspection, office, staff, other_staff, window, other_unit
):
    client.force_login(office)
    page = client.get(url("list") + "?year=2024").content.decode()
    assert "UBND xã Lùng Vai" in page
    assert "Đưa một đơn vị vào kế hoạch kiểm tra" in page

    client.force_login(staff)
    page = client.get(url("list") + "?year=2024").content.decode()
    assert "UBND xã Lùng Vai" in page
    assert "Đưa một đơn vị vào kế hoạch kiểm tra" not in page

    client.force_login(other_staff)
    page = client.get(url("list") + "?year=2024").content.decode()
    assert "UBND xã Lùng Vai" not in page
    assert "Năm này chưa có cuộc kiểm tra nào." in page


def test_the_office_plans_from_the_list(client, office, window, unit, accepted):
    client.force_login(office)
    response = client.post(
        url("plan", window.pk),
        {
            "unit": unit.pk,
            "planned_on": "08/10/2024",
            "team_name": "Đoàn kiểm tra số 2",
            "team_members": "Nguyễn Văn Hùng – Trưởng phòng",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.planned_on == PLANNED_ON and inspection.team_name == "Đoàn kiểm tra số 2"

    response = client.post(url("plan", window.pk), {"unit": unit.pk})
    assert response.status_code == 400
    assert Inspection.objects.count() == 1


def test_detail_is_404_for_another_unit_and_403_for_writes_outside_the_role(
    client, inspection, staff, other_staff, council, head
):
    client.force_login(other_staff)
    assert client.get(url("detail", inspection.pk)).status_code == 404

    client.force_login(staff)
    assert client.get(url("detail", inspection.pk)).status_code == 200
    for name in ("finding_add", "recommendation_add", "evidence_add", "record"):
        assert client.post(url(name, inspection.pk), {"text": "x"}).status_code == 403
    client.force_login(council)
    assert client.get(url("detail", inspection.pk)).status_code == 200
    assert client.post(url("finding_add", inspection.pk), {"text": "x"}).status_code == 403
    assert not inspection.findings.exists()


def test_the_office_records_a_visit_through_the_page(client, inspection, office, commune_set):
    criterion = queries.criteria_for(inspection)[0]
    client.force_login(office)
    page = client.get(url("detail", inspection.pk)).content.decode()
    assert f"{criterion.code}. " in page  # the criteria are offered as subjects

    assert (
        client.post(
            url("finding_add", inspection.pk),
            {"finding-subject": f"c{criterion.pk}", "finding-text": "Khớp."},
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("recommendation_add", inspection.pk),
            {"rec-text": "Số hóa minh chứng.", "rec-due_on": "08/11/2024"},
        ).status_code
        == 302
    )
    fake = SimpleUploadedFile("anh.jpg", b"<html>not an image</html>")
    response = client.post(url("evidence_add", inspection.pk), {"file": fake})
    assert response.status_code == 400
    assert "không đúng định dạng" in response.content.decode()
    with time_machine.travel("2024-10-09 09:00 +0700", tick=False):
        response = client.post(
            url("record", inspection.pk), {"visited_on": "08/10/2024", "conclusion": "Làm tốt."}
        )
    assert response.status_code == 302

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.RECORDED
    assert inspection.findings.get().criterion == criterion
    assert not inspection.evidence.exists()


def test_the_unit_answers_on_the_page_and_another_unit_cannot(
    client, recorded, staff, other_staff, office
):
    recommendation = recorded.recommendations.get()
    client.force_login(staff)
    page = client.get(url("detail", recorded.pk)).content.decode()
    assert "Gửi kết quả thực hiện" in page
    assert "Số liệu khớp với sổ theo dõi." in page

    client.force_login(other_staff)
    assert client.post(url("answer", recommendation.pk), {}).status_code == 404
    client.force_login(office)
    assert (
        client.post(
            url("answer", recommendation.pk), {f"r{recommendation.pk}-response": "Hộ."}
        ).status_code
        == 403
    )

    client.force_login(staff)
    response = client.post(
        url("answer", recommendation.pk), {f"r{recommendation.pk}-response": "Đã số hóa."}
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    recorded.refresh_from_db()
    assert recommendation.status == Recommendation.Status.ANSWERED
    assert recorded.status == Inspection.Status.CLOSED


def test_evidence_downloads_for_the_unit_and_not_another(client, recorded, staff, other_staff):
    evidence = recorded.evidence.get()
    client.force_login(other_staff)
    assert client.get(url("evidence", evidence.pk)).status_code == 404
    client.force_login(staff)
    response = client.get(url("evidence", evidence.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_list_makes_the_same_number_of_queries_for_1_and_3_inspections(
    client, django_assert_num_queries, inspection, office, window
):
    client.force_login(office)
    client.get(url("list") + "?year=2024")
    with CaptureQueriesContext(connection) as first:
        client.get(url("list") + "?year=2024")
    for _ in range(2):
        unit = UnitFactory()
        RegistrationFactory(window=window, unit=unit)
        plan(window, unit, office)
        services.add_finding(Inspection.objects.get(unit=unit), by=office, text="Tốt.")

    with django_assert_num_queries(len(first)):
        response = client.get(url("list") + "?year=2024")
    assert response.content.decode().count('href="/kiem-tra/') >= 3


def test_the_scoring_page_shows_the_findings_beside_the_figures(
    client, recorded, accepted, commune_set, staff, head, office
):
    assessment = criteria_services.start_assessment(accepted, by=staff)
    assessment = fill(assessment, staff)
    assessment = criteria_services.submit_assessment(
        assessment, by=head, revision=assessment.revision
    )
    client.force_login(office)

    page = client.get(reverse("criteria:review", args=[assessment.pk])).content.decode()

    assert "Kết quả kiểm tra ngày 08/10/2024" in page
    assert "Đoàn kiểm tra ghi nhận" in page  # on the criterion's own line
    assert page.count("Số liệu khớp với sổ theo dõi.") == 2  # the panel and the line
    assert "Tổ chức nghiêm túc." in page


def test_the_scoring_page_without_an_inspection_has_no_panel(
    client, accepted, commune_set, staff, head, office
):
    assessment = criteria_services.start_assessment(accepted, by=staff)
    assessment = fill(assessment, staff)
    assessment = criteria_services.submit_assessment(
        assessment, by=head, revision=assessment.revision
    )
    client.force_login(office)
    page = client.get(reverse("criteria:review", args=[assessment.pk])).content.decode()
    assert "Kết quả kiểm tra ngày" not in page


@time_machine.travel("2024-10-10 09:00 +0700", tick=False)
def test_the_minutes_say_who_found_what(recorded, office, run_on_commit, staff, other_staff):
    from documents.permissions import get_document_for

    draft = run_on_commit(request_document, "inspection_minutes", recorded, by=office)
    issued = run_on_commit(issue_document, draft, by=office)

    with issued.pdf.open("rb") as handle:
        data = handle.read()
    assert pdf.says(data, "BIÊN BẢN")
    assert pdf.says(data, "Hôm nay, ngày 08/10/2024, tại UBND xã Lùng Vai.")
    assert pdf.says(data, "Nguyễn Văn Hùng – Trưởng phòng (trưởng đoàn)")
    assert pdf.says(data, "Số liệu khớp với sổ theo dõi.")
    assert pdf.says(data, "Số hóa minh chứng giấy. Thời hạn thực hiện: trước ngày 08/11/2024.")
    assert pdf.says(data, "TRƯỞNG ĐOÀN KIỂM TRA")
    # The unit reads its own minutes; another unit does not find them.
    assert get_document_for(staff, issued.pk)[0] == issued
    with pytest.raises(Http404):
        get_document_for(other_staff, issued.pk)


def test_a_planned_inspection_has_no_minutes_yet(inspection, office):
    from documents.services import DocumentError

    with pytest.raises(DocumentError, match="không có quyền"):
        request_document("inspection_minutes", inspection, by=office)


@time_machine.travel("2024-12-20 09:00 +0700", tick=False)
def test_the_office_report_counts_the_year(recorded, office, run_on_commit, window, other_unit):
    RegistrationFactory(window=window, unit=other_unit)
    plan(window, other_unit, office, planned_on=datetime.date(2024, 11, 5))
    draft = run_on_commit(request_document, "inspection_report", recorded.plan, by=office)

    assert draft.snapshot["content"]["rows"][0]["unit"] == "UBND xã Lùng Vai"
    assert draft.snapshot["content"]["rows"][0]["findings"] == 2
    assert "1/2 đơn vị" in draft.snapshot["content"]["intro"]
    with draft.pdf.open("rb") as handle:
        data = handle.read()
    assert pdf.says(data, "Kết quả kiểm tra phong trào thi đua năm 2024")
    assert pdf.says(data, "UBND xã Bản Lầu")


def test_the_plan_form_searches_the_units_and_keeps_a_refused_choice(
    client, office, window, unit, accepted
):
    client.force_login(office)

    html = client.get(url("list"), {"year": 2024}).content.decode()
    searched = client.get(url("list"), {"year": 2024, "tim_don_vi": "Lùng"}).content.decode()
    refused = client.post(url("plan", window.pk), {"unit": unit.pk}).content.decode()

    plan_select = html[html.index('name="unit"') :]
    assert "UBND xã Lùng Vai" not in plan_select[: plan_select.index("</select>")]
    assert "UBND xã Lùng Vai" in searched[searched.index('name="unit"') :]
    # The chosen unit stays chosen when the form comes back with its errors.
    assert f'<option value="{unit.pk}" selected>UBND xã Lùng Vai</option>' in refused
