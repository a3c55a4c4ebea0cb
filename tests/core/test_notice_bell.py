"""The bell's count is kept with the user (issue 10): every page shows it without counting
the notices, and it follows every notice left and every "mark as read"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Notice
from core.services import mark_notices_read, notify_users
from tests.markup import tight
from tests.migrating import migrate, migrate_to_latest
from units.models import User


def _bell(client):
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("home")).content.decode()
    counted = [q["sql"] for q in captured.captured_queries if "core_notice" in q["sql"]]
    return html, counted


def test_notices_left_count_on_the_bell_and_reading_clears_it(client, staff, other_staff):
    notify_users([staff, other_staff], subject="Đăng ký", text="Đăng ký bị trả lại")
    notify_users([staff], subject="Báo cáo", text="Báo cáo đã được tiếp nhận")
    client.force_login(staff)

    html, counted = _bell(client)

    assert User.objects.get(pk=staff.pk).unread_notices == 2
    assert User.objects.get(pk=other_staff.pk).unread_notices == 1
    assert '<span class="badge text-bg-warning">2</span>' in tight(html)
    assert counted == []  # the page reads the count with the user, no notice query

    client.post(reverse("notices"))
    html, _ = _bell(client)

    assert User.objects.get(pk=staff.pk).unread_notices == 0
    assert User.objects.get(pk=other_staff.pk).unread_notices == 1
    assert "text-bg-warning" not in html


def test_a_user_named_twice_counts_both_notices(staff):
    notify_users([staff, staff], subject="Hồ sơ", text="Hồ sơ đã được gửi")

    assert Notice.objects.filter(user=staff).unread().count() == 2
    assert User.objects.get(pk=staff.pk).unread_notices == 2


def test_marking_read_sets_the_user_in_hand_too(staff):
    notify_users([staff], subject="Hồ sơ", text="Hồ sơ đã được gửi")
    staff.refresh_from_db()

    marked = mark_notices_read(staff)

    assert marked == 1
    assert staff.unread_notices == 0
    assert User.objects.get(pk=staff.pk).unread_notices == 0


def test_an_inactive_user_gets_no_notice_and_no_count(staff):
    staff.is_active = False
    staff.save()

    notify_users([staff], subject="Hồ sơ", text="Hồ sơ đã được gửi")

    assert User.objects.get(pk=staff.pk).unread_notices == 0


BEFORE = ("units", "0004_role_label_standing_office")
AFTER = ("units", "0005_user_unread_notices")


@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_the_existing_unread_notices(staff, other_staff):
    Notice.objects.create(user=staff, text="một")
    Notice.objects.create(user=staff, text="hai")
    Notice.objects.create(user=staff, text="đã đọc", read_at="2026-01-01T00:00:00Z")
    try:
        migrate(BEFORE)
        migrate(AFTER)
        assert dict(User.objects.values_list("username", "unread_notices")) == {
            staff.username: 2,
            other_staff.username: 0,
        }
    finally:
        migrate_to_latest()
