"""Readiness checks: the database, the broker and a live Celery worker."""

from django.conf import settings
from django.db import connection


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
    from config.celery import app  # allowed upward import (pyproject: ignore_imports)

    try:
        replies = app.control.ping(timeout=1.0)
    except Exception:  # the broker is down: no worker can be reached either
        return "unavailable"
    return "ok" if replies else "unavailable"
