"""Each role's home says what is waiting for it, by when, with one button (issue 14)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations import services
from reports.models import PeriodKind, ReportingPeriod

pytestmark = pytest.mark.django_db


def _todo(client, user):
    client.force_login(user)
    home = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("reports:home_todo")}"' in home
    return client.get(reverse("reports:home_todo"), HTTP_HX_REQUEST="true").content.decode()


def test_the_office_home_lists_the_registrations_waiting_with_a_button_to_them(
    client, ready_registration, head, office
):
    services.submit_registration(ready_registration, by=head)

    todo = _todo(client, office)

    assert "1 bản đăng ký thi đua chờ tiếp nhận" in todo
    assert f'href="{reverse("registrations:list")}?year={ready_registration.window.year}"' in todo


def test_the_unit_home_names_the_report_due_and_its_last_day(client, campaign, head):
    today = timezone.localdate()
    ReportingPeriod.objects.create(
        campaign=campaign,
        year=today.year,
        kind=PeriodKind.SIX_MONTH,
        starts_on=today - datetime.timedelta(days=180),
        ends_on=today - datetime.timedelta(days=1),
        due_on=today + datetime.timedelta(days=10),
    )

    todo = _todo(client, head)

    last_day = today + datetime.timedelta(days=9)
    assert f"Lập báo cáo 6 tháng đầu năm {today.year}" in todo
    assert f"hạn cuối ngày {last_day:%d/%m/%Y}" in todo
    assert f'href="{reverse("reports:periodic_mine")}"' in todo


def test_an_empty_home_says_what_will_appear_there(client, council, staff):
    assert "Khi Phòng Văn hóa và Thông tin trình danh sách đề nghị khen thưởng" in _todo(
        client, council
    )
    assert "Không có việc nào đang chờ đơn vị." in _todo(client, staff)


def test_anonymous_is_sent_to_login_from_the_todo_card(client, db):
    response = client.get(reverse("reports:home_todo"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
