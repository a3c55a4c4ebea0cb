"""Readiness checks: the database, the broker and a live Celery worker.

A live worker is one that ran the heartbeat task (core.tasks.worker_heartbeat, sent by
beat every WORKER_HEARTBEAT_SECONDS) within WORKER_STALE_SECONDS: the task went through
the broker and a worker took it, which is what "ready" means. Remote-control pings are
not used: after a few Redis restarts a worker may go on taking tasks while its pidbox no
longer answers (issue 11's drills saw it).
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import WorkerHeartbeat


def readiness_checks():
    return {"database": _database(), "broker": _broker(), "worker": _worker()}


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not ready"
        return "unavailable"
    return "ok"


def _broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok"  # embedded mode: tasks run in the web process
    from config.celery import app  # allowed upward import (pyproject: ignore_imports)

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
    except Exception:  # Redis down or unreachable
        return "unavailable"
    return "ok"


def _worker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok"
    try:
        return "ok" if live_workers() else "unavailable"
    except Exception:  # the database is down: the heartbeats cannot be read
        return "unavailable"


def live_workers(now=None):
    """Host names of the workers whose heartbeat is at most WORKER_STALE_SECONDS old."""
    since = (now or timezone.now()) - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return list(
        WorkerHeartbeat.objects.filter(seen_at__gte=since).values_list("hostname", flat=True)
    )


def record_worker_heartbeat(hostname, now=None):
    """The worker `hostname` is alive now (one row per worker, updated in place)."""
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:200], defaults={"seen_at": now or timezone.now()}
    )
    return hostname
