"""A 6-month report started before the registration was sent (issue 14, stumble 1)."""

import datetime

import pytest
from django.urls import reverse

from registrations.models import Registration
from reports import services

from ..factories import RegistrationFactory, TargetFactory
from .factories import PeriodicReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def early_report(six_month, window, unit, staff):
    """The unit drafts its 6-month report while its registration is still a draft."""
    registration = RegistrationFactory(window=window, unit=unit)
    TargetFactory(registration=registration, title="Tổ công nghệ số cộng đồng", target_value="100%")
    report = services.start_periodic_report(six_month, by=staff)
    assert report.targets.count() == 0
    registration.status = Registration.Status.ACCEPTED
    registration.save(update_fields=["status"])
    return report


def test_the_edit_page_lists_the_targets_accepted_after_the_report_was_started(
    client, early_report, staff
):
    client.force_login(staff)

    page = client.get(reverse("reports:periodic_edit", args=[early_report.pk])).content.decode()

    assert "Tổ công nghệ số cộng đồng" in page
    assert "Đơn vị chưa có chỉ tiêu đăng ký đã gửi trong năm này." not in page
    assert list(early_report.targets.values_list("title", "order")) == [
        ("Tổ công nghệ số cộng đồng", 1)
    ]


def test_opening_the_report_twice_adds_the_targets_once(client, early_report, staff):
    client.force_login(staff)

    client.get(reverse("reports:periodic_detail", args=[early_report.pk]))
    client.get(reverse("reports:periodic_detail", args=[early_report.pk]))

    assert early_report.targets.count() == 1


def test_submitting_a_report_that_lacks_the_targets_adds_them_and_asks_for_results(
    early_report, head
):
    early_report.results_text = "Đã triển khai các nhiệm vụ."
    early_report.save(update_fields=["results_text"])

    with pytest.raises(services.ReportError, match="Đã thêm vào báo cáo các chỉ tiêu"):
        services.submit_periodic_report(early_report, by=head)

    early_report.refresh_from_db()
    assert early_report.status == "draft"
    assert early_report.targets.count() == 1


AFTER_THE_REFORM = datetime.datetime(2025, 9, 15, 9, tzinfo=datetime.UTC)


def test_after_the_handover_sending_a_report_names_the_communes_office(
    client, commune_office, annual, unit, staff, head, time_machine
):
    """Messages name the campaign's standing office of the day (issue 9), not the district's."""
    report = PeriodicReportFactory(period=annual, unit=unit, created_by=staff)
    time_machine.move_to(AFTER_THE_REFORM)
    client.force_login(head)

    page = client.post(
        reverse("reports:periodic_submit", args=[report.pk]), follow=True
    ).content.decode()

    assert "Đã gửi báo cáo tới Phòng Văn hóa - Xã hội xã Hợp Nhất." in page
    assert "Phòng Văn hóa và Thông tin" not in page
    report.refresh_from_db()
    assert report.status == "submitted"

    client.force_login(staff)
    page = client.get(
        reverse("reports:periodic_edit", args=[report.pk]), follow=True
    ).content.decode()
    assert "Báo cáo đã gửi không sửa được; chờ Phòng Văn hóa - Xã hội xã Hợp Nhất xử lý." in page
