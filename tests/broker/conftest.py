"""A real Celery worker on Redis, sharing pytest-django's PostgreSQL test database.

These tests are collected only when REDIS_URL and DATABASE_URL are both set (`.ci/run`
sets them): an in-memory SQLite test database cannot be shared with another process.
Nothing is skipped elsewhere: the files are simply not collected.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from config.celery import app as celery_app

if not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL")):
    collect_ignore_glob = ["test_*.py"]

WORKER_READY_TIMEOUT = 60  # a loaded 2-core CI machine needs more than 30 s


def _url_with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


# Package scope: the worker stops when these tests end, so it never takes the tasks
# of later broker tests (tests/documents runs its own worker with its own media folder).
@pytest.fixture(scope="package")
def mail_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("worker-mail")


@pytest.fixture(scope="package")
def celery_worker_process(django_db_setup, django_db_blocker, mail_dir, tmp_path_factory):
    """Start `celery worker` on the test database; stop it before the database is dropped."""
    with django_db_blocker.unblock():
        from django.db import connection

        test_database = connection.settings_dict["NAME"]
    run_dir = tmp_path_factory.mktemp("worker")
    pidfile = Path(os.environ.get("CELERY_WORKER_PIDFILE") or run_dir / "worker.pid")
    log_path = run_dir / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _url_with_database(os.environ["DATABASE_URL"], test_database),
        # No idle connection may outlive the worker's tasks: the test database is dropped at the end.
        "CONN_MAX_AGE": "0",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--loglevel=INFO", f"--pidfile={pidfile}", f"--hostname=test-{os.getpid()}@%h",
    ]  # fmt: skip
    # Tasks left in this Redis database by an earlier run would reach our worker first.
    celery_app.control.purge()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_ready(process, log_path)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process, log_path):
    deadline = time.monotonic() + WORKER_READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Celery worker exited with {process.returncode}:\n{log_path.read_text()}")
        if b" ready." in log_path.read_bytes():
            return
        time.sleep(0.1)
    pytest.fail(f"Celery worker not ready after {WORKER_READY_TIMEOUT} s:\n{log_path.read_text()}")


@pytest.fixture
def real_broker(settings, celery_worker_process):
    """Send tasks through Redis to the worker instead of running them in-process."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return celery_worker_process
