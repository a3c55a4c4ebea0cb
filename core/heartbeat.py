"""Heartbeats of long work: a row whose heartbeat stops lost its worker.

While a render or a bulk-print part runs, a thread writes `heartbeat_at = now` on its
row every settings.HEARTBEAT_SECONDS. When the worker process is killed (out of memory,
a deploy, a crash) the beats stop, and the sweep sees the row silent for
settings.STALE_HEARTBEAT_SECONDS and runs it again: within 2 minutes, whatever Redis
does with the lost message.
"""

import contextlib
import datetime
import threading

from django.conf import settings
from django.db import connection
from django.utils import timezone


def stale_before(now=None):
    """Rows whose heartbeat is older than this lost their worker."""
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.STALE_HEARTBEAT_SECONDS)


@contextlib.contextmanager
def beating(queryset):
    """Update `heartbeat_at` of `queryset`'s rows every HEARTBEAT_SECONDS while the block runs.

    Not in eager mode: the work runs inside a web request, which has no worker to lose.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.HEARTBEAT_SECONDS):
                queryset.update(heartbeat_at=timezone.now())
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
