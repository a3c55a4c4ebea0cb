"""The office takes back an extension, with a reason: the unit is held to the year's
deadline again, its registration judged again, the withdrawal kept in the history."""

import datetime

import pytest
from django.urls import reverse

from core.models import Notice, Transition
from registrations import services
from registrations.deadlines import LOCAL_TZ
from registrations.models import DeadlineExtension, Registration

from ..factories import RegistrationFactory

pytestmark = pytest.mark.django_db
GRANTED_AT = datetime.datetime(2024, 2, 18, 8, tzinfo=LOCAL_TZ)
SENT_LATE = datetime.datetime(2024, 2, 25, 9, tzinfo=LOCAL_TZ)


@pytest.fixture
def extension(window, unit, office):
    return services.grant_extension(
        window,
        unit,
        by=office,
        deadline_on=datetime.date(2024, 3, 5),
        reason="Xã bị lũ quét.",
        now=GRANTED_AT,
    )


def test_withdrawing_restores_the_deadline_and_judges_the_registration_again(
    extension, window, unit, staff, office
):
    registration = RegistrationFactory(
        window=window,
        unit=unit,
        created_by=staff,
        status=Registration.Status.SUBMITTED,
        first_submitted_at=SENT_LATE,
        is_late=False,  # on time against the extension
    )
    extension_id = extension.pk

    services.withdraw_extension(extension, by=office, reason="Xã đã có mạng trở lại.")

    assert not DeadlineExtension.objects.exists()
    assert window.deadline_for_unit(unit.pk) == datetime.date(2024, 2, 20)
    registration.refresh_from_db()
    assert registration.is_late is True
    history = list(
        Transition.objects.filter(content_type__model="deadlineextension", object_id=extension_id)
        .order_by("pk")
        .values_list("from_state", "to_state", "comment")
    )
    assert [h[:2] for h in history] == [("", "granted"), ("granted", "withdrawn")]
    assert "Lý do: Xã đã có mạng trở lại." in history[-1][2]
    assert Notice.objects.filter(user=staff, text__contains="đã được thu hồi").exists()


def test_only_the_office_withdraws_and_a_reason_is_needed(extension, head, council, office):
    for user in (head, council):
        with pytest.raises(services.RegistrationError, match="Phòng Văn hóa"):
            services.withdraw_extension(extension, by=user, reason="Không.")
    with pytest.raises(services.RegistrationError, match="lý do"):
        services.withdraw_extension(extension, by=office, reason="  ")
    assert DeadlineExtension.objects.count() == 1


def test_the_page_withdraws_with_a_reason(client, extension, office, staff):
    url = reverse("registrations:extension_withdraw", args=[extension.pk])
    client.force_login(staff)
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(office)
    assert client.post(url, {"reason": ""}).status_code == 400
    assert DeadlineExtension.objects.exists()

    response = client.post(url, {"reason": "Đã có mạng."})

    assert response.status_code == 302
    assert not DeadlineExtension.objects.exists()
    assert client.post(url, {"reason": "Lần hai."}).status_code == 404
