"""The e-mail outbox: write a mail with the action, deliver it later, never drop it."""

import contextvars
import datetime
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .models import OutboxMail
from .queue import enqueue_on_commit

logger = logging.getLogger(__name__)


def retry_delays():
    """Pause after the n-th failed attempt: quick at first (a restarting mail server), then
    hours (a mail server down over a night): settings.MAIL_RETRY_DELAYS, about 28 h in all."""
    return [datetime.timedelta(seconds=s) for s in settings.MAIL_RETRY_DELAYS]


def queue_mail(*, subject, body, recipients, html_body=""):
    """Write a mail to the outbox and send it after the commit; call inside the action's transaction."""
    from .tasks import send_outbox_mail

    mail = OutboxMail.objects.create(
        subject=subject[:300], body=body, html_body=html_body, recipients=list(recipients)
    )
    batch = _batch.get()
    if batch is not None:
        batch.append(mail.pk)
    else:
        enqueue_on_commit(send_outbox_mail, mail_id=mail.pk)
    return mail


_batch = contextvars.ContextVar("core_mail_batch", default=None)


@contextmanager
def delivered_together():
    """Mails written inside are delivered together on leaving, through one connection of
    the configured backend, instead of one task (and one locked transaction) each.

    For bulk work that runs in-process, such as the demo's history (hundreds of notices
    delivered into the in-memory backend). On an error inside, the mails stay pending in
    the outbox: the sweep sends them, as any mail whose task was lost.
    """
    ids = []
    token = _batch.set(ids)
    try:
        yield
    finally:
        _batch.reset(token)
    _deliver_batch(ids)


def _message(mail):
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.recipients,
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    return message


def _deliver_batch(ids):
    pending = OutboxMail.objects.filter(pk__in=ids, status=OutboxMail.Status.PENDING)
    mails = list(pending.order_by("pk"))
    if not mails:
        return
    try:
        get_connection().send_messages([_message(mail) for mail in mails])
    except Exception:  # left pending: the sweep delivers them one by one
        logger.exception("%s batched mail(s) not sent; the sweep will send them", len(mails))
        return
    OutboxMail.objects.filter(pk__in=[mail.pk for mail in mails]).update(
        status=OutboxMail.Status.SENT, sent_at=timezone.now(), attempts=1, last_error=""
    )


def deliver_mail(mail_id, *, now=None, probe=False):
    """Send one pending mail whose time has come; record the result. Safe to run twice.

    The row is locked while the mail is handed to the server, so two workers never send
    it both; a worker killed meanwhile leaves it pending (the lock goes with its
    connection) for the sweep. A failure is recorded with the error and the next
    attempt's time; after the last pause the mail is failed (admins can send it again).
    A probe (the sweep asking whether the server is back) sends a mail before its time
    and, on failure, records only the error: it does not use up an attempt. A mail sent
    brings every waiting mail forward (the server is back: no need to wait hours).
    Returns the mail's status, or None when there was nothing to send.
    """
    now = now or timezone.now()
    with transaction.atomic():
        mails = OutboxMail.objects.select_for_update(skip_locked=True).filter(
            pk=mail_id, status=OutboxMail.Status.PENDING
        )
        mail = (mails if probe else mails.filter(next_attempt_at__lte=now)).first()
        if mail is None:
            return None
        mail.attempts += 0 if probe else 1
        delays = retry_delays()
        try:
            _message(mail).send()
        except Exception as error:  # any refusal is recorded, never lost
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if probe:
                pass
            elif mail.attempts > len(delays):
                mail.status = OutboxMail.Status.FAILED
                logger.error("Mail %s failed for good: %s", mail.pk, mail.last_error)
            else:
                mail.next_attempt_at = now + delays[mail.attempts - 1]
                logger.warning("Mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, error)
        else:
            mail.status = OutboxMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
            mail.attempts = max(mail.attempts, 1)
            _bring_waiting_mails_forward(now)
        mail.save()
    return mail.status


def _bring_waiting_mails_forward(now):
    from .tasks import send_outbox_mail

    waiting = OutboxMail.objects.filter(status=OutboxMail.Status.PENDING, next_attempt_at__gt=now)
    ids = list(waiting.values_list("pk", flat=True)[:500])
    OutboxMail.objects.filter(pk__in=ids).update(next_attempt_at=now)
    for pk in ids:
        enqueue_on_commit(send_outbox_mail, mail_id=pk)


def resend_mails(mails, *, by):
    """Put failed (or pending) mails back in the queue for an immediate attempt; return how many."""
    from .tasks import send_outbox_mail

    with transaction.atomic():
        ids = list(mails.exclude(status=OutboxMail.Status.SENT).values_list("pk", flat=True))
        OutboxMail.objects.filter(pk__in=ids).update(
            status=OutboxMail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for pk in ids:
            enqueue_on_commit(send_outbox_mail, mail_id=pk)
    logger.info("%s resent %s mail(s)", by, len(ids))
    return len(ids)


def send_due_mails(*, now=None):
    """Sweep: queue every pending mail whose next attempt has come; return how many.

    With none due but some waiting (the server refused them), the oldest is sent as a
    probe: once the server is back every waiting mail follows within a minute or two,
    whatever its pause (up to 12 h).
    """
    from .queue import enqueue
    from .tasks import send_outbox_mail

    ids = list(OutboxMail.objects.due(now).values_list("pk", flat=True)[:500])
    for pk in ids:
        enqueue(send_outbox_mail, mail_id=pk)
    if not ids:
        waiting = (
            OutboxMail.objects.filter(status=OutboxMail.Status.PENDING)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)
            .first()
        )
        if waiting is not None:
            enqueue(send_outbox_mail, mail_id=waiting, probe=True)
    return len(ids)
