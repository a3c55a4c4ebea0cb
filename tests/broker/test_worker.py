"""Tasks go through Redis to a real Celery worker, which works on the test database."""

import email
import email.policy
import time

import pytest
from django.core import mail

from registrations.models import Registration
from registrations.services import return_registration
from tests.factories import RegistrationFactory, UnitFactory, UserFactory, WindowFactory

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

MAIL_TIMEOUT = 20


def _wait_for_messages(mail_dir, count):
    deadline = time.monotonic() + MAIL_TIMEOUT
    while time.monotonic() < deadline:
        files = sorted(mail_dir.glob("*.log"))
        if len(files) >= count:
            # The file backend writes each message, then a line of 79 dashes.
            return [
                email.message_from_bytes(
                    f.read_bytes().rsplit(b"\n" + b"-" * 79, 1)[0], policy=email.policy.default
                )
                for f in files
            ]
        time.sleep(0.1)
    pytest.fail(f"The worker sent no mail within {MAIL_TIMEOUT} s")


def test_returning_a_registration_has_the_worker_mail_the_unit_in_vietnamese(real_broker, mail_dir):
    unit = UnitFactory(name="UBND xã Lùng Vai")
    head = UserFactory(
        unit=unit, head=True, username="truong", email="truong@lungvai.example.invalid"
    )
    office = UserFactory(office=True, username="vhtt")
    registration = RegistrationFactory(
        window=WindowFactory(year=2024),
        unit=unit,
        created_by=head,
        status=Registration.Status.SUBMITTED,
    )

    return_registration(registration, by=office, reason="Thiếu sản phẩm cụ thể của chỉ tiêu số 2.")

    [message] = _wait_for_messages(mail_dir, 1)
    assert message["Subject"].strip() == "[Thi đua số] Đăng ký thi đua bị trả lại"
    assert message["To"] == "truong@lungvai.example.invalid"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Kính gửi Quý đơn vị," in body
    assert (
        "Đăng ký thi đua năm 2024 của UBND xã Lùng Vai bị trả lại: Thiếu sản phẩm cụ thể của chỉ tiêu số 2."
        in body
    )
    assert f"/dang-ky/{registration.pk}/" in body
    # Sent by the worker, not in this process.
    assert mail.outbox == []
