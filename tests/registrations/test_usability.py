"""Refusals that say what happened and what to do instead (issue 14, stumble 6)."""

import datetime

import pytest
from django.urls import reverse

from registrations import services
from registrations.deadlines import LOCAL_TZ

pytestmark = pytest.mark.django_db


def test_the_edit_page_of_an_accepted_registration_says_it_was_accepted(
    client, ready_registration, head, office
):
    accepted_at = datetime.datetime(2024, 2, 14, 9, tzinfo=LOCAL_TZ)
    services.submit_registration(ready_registration, by=head, now=accepted_at)
    services.accept_registration(ready_registration, by=office, now=accepted_at)
    client.force_login(head)

    response = client.get(reverse("registrations:edit", args=[ready_registration.pk]))

    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "Đăng ký đã được Phòng Văn hóa và Thông tin tiếp nhận ngày 14/02/2024 nên không sửa được"
        in page
    )
    assert "chờ Phòng Văn hóa và Thông tin xử lý" not in page


def test_the_edit_page_of_a_submitted_registration_says_it_waits_for_the_office(
    client, ready_registration, head
):
    services.submit_registration(ready_registration, by=head)
    client.force_login(head)

    response = client.get(reverse("registrations:edit", args=[ready_registration.pk]))

    assert "Đăng ký đã gửi không sửa được; chờ Phòng Văn hóa và Thông tin xử lý." in (
        response.content.decode()
    )
