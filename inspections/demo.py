"""Demo data: the culture office's inspections of 2024 (plan III.4), through the services.

Three units: one whose assessment waits in the scoring queue (its findings show beside
its figures on the scoring page), closed with every recommendation answered; UBND xã
Lùng Vai, recorded with a recommendation the demo head can answer in the browser; and a
third still planned.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from criteria.models import Assessment
from registrations.deadlines import LOCAL_TZ
from registrations.models import RegistrationWindow
from units.models import Role, Unit, User

from . import queries, services
from .models import Inspection

YEAR = 2024
LUNG_VAI = "xa-lung-vai"
TEAM = (
    "Nguyễn Văn Hùng – Trưởng phòng Văn hóa và Thông tin\n"
    "Lò Thị Mai – Chuyên viên Phòng Văn hóa và Thông tin\n"
    "Vàng Seo Phử – Chuyên viên Phòng Nội vụ"
)
PHOTO_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _moment(month, day, hour=9):
    return datetime.datetime(YEAR, month, day, hour, tzinfo=LOCAL_TZ)


def load(campaign):
    window = RegistrationWindow.objects.filter(campaign=campaign, year=YEAR).first()
    if window is None or Inspection.objects.filter(plan__window=window).exists():
        return
    office = User.objects.get(username="vhtt")
    waiting = (
        Assessment.objects.filter(
            criterion_set__campaign=campaign,
            criterion_set__year=YEAR,
            status=Assessment.Status.SUBMITTED,
        )
        .select_related("unit")
        .order_by("unit__code")
        .first()
    )
    lung_vai = Unit.objects.filter(code=LUNG_VAI).first()
    units = [u for u in (waiting.unit if waiting else None, lung_vai) if u is not None]
    planned = (
        Unit.objects.filter(registrations__window=window, tier="commune")
        .exclude(pk__in=[u.pk for u in units])
        .order_by("code")
        .first()
    )
    for index, unit in enumerate([*units, *([planned] if planned else [])]):
        inspection = services.plan_inspection(
            window,
            unit,
            by=office,
            planned_on=datetime.date(YEAR, 10, 8 + 7 * index),
            team_name="Đoàn kiểm tra số 1",
            team_members=TEAM,
            now=_moment(9, 20),
        )
        if unit == planned:
            continue
        _record(inspection, office, answered=unit != lung_vai)


def _record(inspection, office, *, answered):
    at = _moment(inspection.planned_on.month, inspection.planned_on.day, 15)
    criteria = queries.criteria_for(inspection)
    targets = queries.targets_for(inspection)
    if criteria:
        services.add_finding(
            inspection,
            by=office,
            criterion=criteria[0],
            text=(
                "Số liệu báo cáo khớp với sổ theo dõi tại đơn vị; đã đối chiếu danh sách "
                "hồ sơ trực tuyến của quý III."
            ),
            now=at,
        )
    if len(criteria) > 1:
        services.add_finding(
            inspection,
            by=office,
            criterion=criteria[1],
            text="Một phần minh chứng chưa được số hóa, còn lưu bản giấy tại bộ phận một cửa.",
            now=at,
        )
    if targets:
        services.add_finding(
            inspection,
            by=office,
            target=targets[0],
            text="Chỉ tiêu đang thực hiện đúng tiến độ đã đăng ký.",
            now=at,
        )
    services.add_finding(
        inspection,
        by=office,
        text="Đơn vị tổ chức phong trào nghiêm túc, có kế hoạch và phân công cụ thể.",
        now=at,
    )
    services.add_evidence(
        inspection,
        _upload("anh-buoi-kiem-tra.png", PHOTO_PNG),
        by=office,
        now=at,
    )
    recommendation = services.add_recommendation(
        inspection,
        by=office,
        text="Hoàn thành số hóa minh chứng còn lưu bản giấy và cập nhật lên cổng.",
        due_on=inspection.planned_on + datetime.timedelta(days=30),
    )
    services.record_inspection(
        inspection,
        by=office,
        visited_on=inspection.planned_on,
        conclusion=(
            "Đơn vị triển khai phong trào đúng kế hoạch; cần hoàn thiện việc số hóa minh chứng "
            "theo kiến nghị của đoàn."
        ),
        now=at,
    )
    if answered:
        head = User.objects.filter(unit=inspection.unit, role=Role.UNIT_HEAD).first()
        if head is not None:
            services.answer_recommendation(
                recommendation,
                by=head,
                response="Đơn vị đã số hóa toàn bộ minh chứng và cập nhật lên cổng ngày 05/11/2024.",
                now=at + datetime.timedelta(days=25),
            )


def _upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
