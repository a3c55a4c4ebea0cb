"""The audit page reads a page of the three trails at a time (issue 10)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.services import record_transition
from security.models import SecurityEvent


def _events(count, *, start):
    for index in range(count):
        SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.LOGIN,
            username=f"can-bo-{index}",
            at=start + datetime.timedelta(minutes=index),
        )


def test_the_trails_are_merged_newest_first_and_paginated(client, admin_user):
    _events(60, start=timezone.now() - datetime.timedelta(days=1))
    client.force_login(admin_user)

    first = client.get(reverse("audit_log"), {"source": "security", "q": "can-bo"})
    second = client.get(reverse("audit_log"), {"source": "security", "q": "can-bo", "page": 2})

    names = [row.actor for row in first.context["rows"]]
    assert names[:2] == ["can-bo-59", "can-bo-58"] and len(names) == 50
    assert [row.actor for row in second.context["rows"]] == [
        f"can-bo-{i}" for i in range(9, -1, -1)
    ]
    assert first.context["page"].paginator.count == 60
    assert "Dòng 1–50 trong 60" in first.content.decode()
    assert "source=security&amp;q=can-bo&amp;page=2" in first.content.decode()
    assert first.context["rows"][0].action == "Đăng nhập bằng mật khẩu"


def test_rows_of_every_trail_on_one_page(client, admin_user, registration, head, unit):
    _events(1, start=timezone.now() - datetime.timedelta(days=1))
    unit.name = "UBND xã Lùng Vai mới"
    unit.save()
    record_transition(registration, from_state="draft", to_state="submitted", by=head)
    client.force_login(admin_user)

    rows = client.get(reverse("audit_log")).context["rows"]

    sources = {row.source for row in rows}
    assert {"Bảo mật", "Thay đổi dữ liệu", "Chuyển trạng thái"} <= sources
    moved = next(row for row in rows if row.source == "Chuyển trạng thái")
    assert moved.actor == head.username
    assert moved.target == f"{registration._meta.verbose_name} #{registration.pk}"
    assert moved.action == "Đang soạn → Đã gửi"
    changed = next(row for row in rows if "UBND xã Lùng Vai mới" in row.target)
    assert "UBND xã Lùng Vai mới" in changed.detail
    assert [row.at for row in rows] == sorted((row.at for row in rows), reverse=True)


@pytest.mark.parametrize("source", ["", "security", "changes", "workflow"])
def test_the_query_count_does_not_grow_with_the_rows(
    client,
    admin_user,
    registration,
    head,
    unit,
    source,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    client.force_login(admin_user)

    def add_one_of_each(index):
        _events(1, start=timezone.now() - datetime.timedelta(hours=index))
        unit.name = f"UBND xã Lùng Vai {index}"
        unit.save()
        record_transition(registration, from_state="draft", to_state=f"s{index}", by=head)

    client.get(reverse("audit_log"), {"source": source})  # the session's own reads, warm
    add_one_of_each(1)  # new rows: the count is computed again, as below
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("audit_log"), {"source": source})
    add_one_of_each(2)
    add_one_of_each(3)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("audit_log"), {"source": source})

    assert len(response.context["rows"]) >= 3


def test_the_count_kept_for_a_filter_follows_new_rows(client, admin_user):
    _events(2, start=timezone.now() - datetime.timedelta(days=1))
    client.force_login(admin_user)
    query = {"source": "security", "q": "can-bo"}

    before = client.get(reverse("audit_log"), query).context["page"].paginator.count
    again = client.get(reverse("audit_log"), query).context["page"].paginator.count
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.LOGIN, username="can-bo-moi")
    after = client.get(reverse("audit_log"), query)

    assert (before, again, after.context["page"].paginator.count) == (2, 2, 3)
    assert after.context["rows"][0].actor == "can-bo-moi"


def test_a_wrong_date_is_shown_beside_its_field(client, admin_user):
    client.force_login(admin_user)

    text = client.get(reverse("audit_log"), {"since": "30/02/2025"}).content.decode()

    assert 'aria-describedby="id_since_error"' in text
    assert 'id="id_since_error">Nhập một ngày hợp lệ.</div>' in text
