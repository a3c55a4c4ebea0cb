"""The e-mail outbox: a mail is a row of the action's transaction, retried over a day,
failed mails are listed for administrators who can send them again; queuing never
breaks a committed action."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.mail import deliver_mail, delivered_together, send_due_mails
from core.models import OutboxMail
from core.queue import enqueue, enqueue_on_commit
from core.services import notify_users
from core.tasks import sweep

Status = OutboxMail.Status
REFUSED = []


class RefusingBackend:
    """An SMTP server that refuses every message (outside the portal: a fake is fine)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        REFUSED.extend(messages)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def smtp_refusing(settings):
    REFUSED.clear()
    settings.EMAIL_BACKEND = "tests.core.test_outbox.RefusingBackend"
    return REFUSED


def _notify(users):
    notify_users(
        users, subject="Đăng ký thi đua bị trả lại", text="Thiếu sản phẩm.", url="/dang-ky/1/"
    )


def test_a_notice_writes_its_mail_in_the_same_transaction_and_sends_it_after_the_commit(
    head, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([head, staff])

    [row] = OutboxMail.objects.all()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 1, "")
    assert row.recipients == sorted([head.email, staff.email])
    assert row.sent_at is not None
    [message] = mail.outbox
    assert message.subject == "[Thi đua số] Đăng ký thi đua bị trả lại"
    assert "Thiếu sản phẩm." in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_mails_delivered_together_go_out_in_one_batch_and_are_recorded_sent(
    head, staff, django_capture_on_commit_callbacks
):
    """Bulk in-process work (the demo's history) hands its mails over at the end, no task each."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks, delivered_together():
        _notify([head])
        _notify([staff])
        assert mail.outbox == []  # nothing delivered while the work goes on

    assert callbacks == []  # no task queued per mail
    assert [m.to for m in mail.outbox] == [[head.email], [staff.email]]
    assert set(OutboxMail.objects.values_list("status", "attempts")) == {(Status.SENT, 1)}


def test_mails_delivered_together_stay_pending_for_the_sweep_when_the_server_refuses(
    head, smtp_refusing
):
    with delivered_together():
        _notify([head])

    [row] = OutboxMail.objects.all()
    assert (row.status, row.sent_at) == (Status.PENDING, None)
    assert len(smtp_refusing) == 1


def test_an_action_rolled_back_leaves_no_mail(head):
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify([head])
        raise RuntimeError("the action failed")

    assert OutboxMail.objects.count() == 0


def test_a_refused_mail_stays_pending_with_the_error_and_the_next_attempt_later(
    head, smtp_refusing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([head])

    row = OutboxMail.objects.get()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert row.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert (
        datetime.timedelta(seconds=55)
        < row.next_attempt_at - timezone.now()
        < datetime.timedelta(seconds=61)
    )
    assert send_due_mails() == 0  # not due yet: the sweep only probes the server
    row.refresh_from_db()
    assert len(smtp_refusing) == 2
    assert (row.status, row.attempts) == (Status.PENDING, 1)  # a probe uses no attempt


def test_once_the_server_is_back_a_probe_brings_every_waiting_mail_forward(
    head, staff, smtp_refusing, settings, django_capture_on_commit_callbacks
):
    _notify([head])
    _notify([staff])
    for row in OutboxMail.objects.all():
        deliver_mail(row.pk)
    OutboxMail.objects.update(next_attempt_at=timezone.now() + datetime.timedelta(hours=12))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        send_due_mails()

    assert sorted(OutboxMail.objects.values_list("status", "attempts")) == [
        (Status.SENT, 1),
        (Status.SENT, 2),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, staff.email])


def test_retries_last_more_than_a_day_then_the_mail_is_failed_not_dropped(
    head, smtp_refusing, settings
):
    _notify([head])
    row = OutboxMail.objects.get()
    now = timezone.now()

    statuses = []
    while True:
        status = deliver_mail(row.pk, now=now)
        row.refresh_from_db()
        statuses.append(status)
        if status == Status.FAILED:
            break
        now = row.next_attempt_at

    assert len(statuses) == len(settings.MAIL_RETRY_DELAYS) + 1 == 12
    assert statuses[:-1] == [Status.PENDING] * 11
    assert now - row.created_at > datetime.timedelta(days=1)
    assert (row.status, row.attempts) == (Status.FAILED, 12)
    assert "SMTPServerDisconnected" in row.last_error


def test_the_sweep_sends_a_pending_mail_once_the_server_is_back(head, smtp_refusing, settings):
    _notify([head])
    deliver_mail(OutboxMail.objects.get().pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMail.objects.update(next_attempt_at=timezone.now())

    results = sweep()

    row = OutboxMail.objects.get()
    assert results["core.mail.send_due_mails"] == 1
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")
    assert [m.to for m in mail.outbox] == [[head.email]]
    assert sweep()["core.mail.send_due_mails"] == 0  # sent once, never twice


def test_an_administrator_sees_failed_mails_and_sends_them_again(
    client, admin_user, head, smtp_refusing, settings, django_capture_on_commit_callbacks
):
    _notify([head])
    OutboxMail.objects.update(status=Status.FAILED, attempts=12, last_error="SMTPError: 421")
    row = OutboxMail.objects.get()
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    listing = client.get(reverse("admin:core_outboxmail_changelist") + "?status__exact=failed")
    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(
            reverse("admin:core_outboxmail_changelist"),
            {"action": "resend", "_selected_action": [row.pk]},
            follow=True,
        )

    page = listing.content.decode()
    assert "Gửi không được" in page
    assert "SMTPError: 421" in page
    assert "Gửi lại các thư đã chọn" in page
    assert "Đã xếp 1 thư vào hàng đợi gửi lại." in resent.content.decode()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert [m.to for m in mail.outbox] == [[head.email]]


class BrokerDown:
    """A task whose broker does not answer (Redis stopped): outside the portal."""

    name = "tests.broker_down"

    def apply_async(self, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def test_a_broker_that_does_not_answer_is_logged_never_raised_after_the_commit(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False

    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(BrokerDown(), mail_id=7)

    assert enqueue(BrokerDown(), mail_id=8) is False
    assert [r.getMessage() for r in caplog.records if r.name == "core.queue"] == [
        "Could not queue tests.broker_down({'mail_id': 7}); the sweep will send it again",
        "Could not queue tests.broker_down({'mail_id': 8}); the sweep will send it again",
    ]
