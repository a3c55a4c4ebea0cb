"""Notices carry the time of the event they report (issue 14, stumble 10)."""

import datetime

import pytest

from core.models import Notice
from registrations import services
from registrations.deadlines import LOCAL_TZ

pytestmark = pytest.mark.django_db


def test_a_notice_is_stamped_at_the_moment_of_its_event_not_when_it_was_written(
    ready_registration, head, office
):
    submitted_at = datetime.datetime(2023, 2, 10, 9, 30, tzinfo=LOCAL_TZ)
    accepted_at = datetime.datetime(2023, 2, 14, 15, 0, tzinfo=LOCAL_TZ)

    services.submit_registration(ready_registration, by=head, now=submitted_at)
    services.accept_registration(ready_registration, by=office, now=accepted_at)

    assert list(Notice.objects.filter(user=office).values_list("created_at", flat=True)) == [
        submitted_at
    ]
    assert list(Notice.objects.filter(user=head).values_list("created_at", flat=True)) == [
        accepted_at
    ]
