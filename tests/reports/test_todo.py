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
    assert "Khi cơ quan thường trực phong trào trình danh sách đề nghị khen thưởng" in _todo(
        client, council
    )
    assert "Không có việc nào đang chờ đơn vị." in _todo(client, staff)


def test_anonymous_is_sent_to_login_from_the_todo_card(client, db):
    response = client.get(reverse("reports:home_todo"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_council_home_lists_the_submission_then_the_open_meeting(client, campaign, council):
    from dossiers.models import CouncilMeeting, CouncilMember, DistrictSubmission

    submission = DistrictSubmission.objects.create(
        campaign=campaign, year=2024, status=DistrictSubmission.Status.SENT, created_by=council
    )

    waiting = _todo(client, council)
    meeting = CouncilMeeting.objects.create(
        submission=submission,
        held_on=datetime.date(2025, 1, 18),
        place="Hội trường UBND",
        chair=CouncilMember.objects.create(
            full_name="Lương Văn Thành", council_position="Chủ tịch Hội đồng"
        ),
        member_count=5,
        created_by=council,
    )
    meeting_open = _todo(client, council)

    assert "Tờ trình khen thưởng năm 2024 chờ Hội đồng họp xét" in waiting
    assert f'href="{reverse("dossiers:submission_detail", args=[submission.pk])}"' in waiting
    assert "Ghi biểu quyết và kết thúc phiên họp ngày 18/01/2025" in meeting_open
    assert f'href="{reverse("dossiers:meeting_detail", args=[meeting.pk])}"' in meeting_open
    assert "chờ Hội đồng họp xét" not in meeting_open
