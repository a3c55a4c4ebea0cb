"""Core background work: deliver the outbox's mails, sweep up work whose task was lost."""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils.module_loading import import_string

from . import health, mail

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_outbox_mail(*, mail_id, probe=False):
    """Send one mail of the outbox (core.mail.deliver_mail records the result)."""
    return mail.deliver_mail(mail_id, probe=probe)


@shared_task
def sweep():
    """Beat, every minute, and once when a worker starts: pick up work whose task was lost.

    Runs each function of settings.SWEEPS (pending mails, queued or stuck renders and
    bulk-print parts); one failing does not stop the others. Returns {name: count}.
    """
    results = {}
    for path in settings.SWEEPS:
        try:
            results[path] = import_string(path)()
        except Exception:  # one broken sweep must not hide the others' work
            logger.exception("Sweep %s failed", path)
            results[path] = None
    return results


@shared_task(bind=True, ignore_result=True)
def worker_heartbeat(self):
    """Beat, every WORKER_HEARTBEAT_SECONDS: the worker that runs it says it is alive."""
    return health.record_worker_heartbeat(self.request.hostname)


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs):
    """A worker that (re)starts picks up at once what was lost while none ran, and says
    it is alive through the broker (readiness need not wait for beat's next heartbeat)."""
    from .queue import enqueue

    enqueue(sweep)
    enqueue(worker_heartbeat)
