"""Failure drills: a private Redis, a fake SMTP server, a tiny disk and a Celery worker
(with its beat) that the tests stop, kill and start again.

Collected only with REDIS_URL and DATABASE_URL (the worker shares pytest-django's
PostgreSQL test database). The shared Redis is never touched: the drills start their
own redis-server on a free port in 6390–6399 and point the web side (this process) and
the worker at it. Timings are shortened for the drill (heartbeat 1 s, stale after 5 s,
sweep every 2 s, mail retried every 2 s, worker heartbeat every 1 s, stale after 5 s): the README gives the production bounds.
"""

import contextlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

from config.celery import app as celery_app

from ..conftest import _url_with_database
from .fakesmtp import FakeSMTPServer

if not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL")):
    collect_ignore_glob = ["test_*.py"]

READY_TIMEOUT = 60
MEASURED = {}
# The drill's short timings; the worker gets them through its environment.
DRILL_ENV = {
    "HEARTBEAT_SECONDS": "1",
    "STALE_HEARTBEAT_SECONDS": "5",
    "SWEEP_SECONDS": "2",
    "SWEEP_QUEUED_GRACE_SECONDS": "3",
    "MAIL_RETRY_DELAYS": ",".join(["2"] * 11),
    "WORKER_HEARTBEAT_SECONDS": "1",
    "WORKER_STALE_SECONDS": "5",
}
TMPFS_BYTES = 8 * 1024 * 1024


def record(name, seconds):
    """Keep a measured recovery time for the summary at the end of the run."""
    MEASURED[name] = round(seconds, 1)


def pytest_terminal_summary(terminalreporter):
    if MEASURED:
        terminalreporter.section("drills: measured recovery times (s)")
        for name, seconds in MEASURED.items():
            terminalreporter.write_line(f"{name}: {seconds}")


def wait_until(predicate, *, timeout, what, every=0.2):
    """Poll `predicate` every `every` s; return the seconds it took, fail after `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(every)
    pytest.fail(f"{what() if callable(what) else what}: not within {timeout} s")


def _free_port():
    for port in range(6390, 6400):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("No free port in 6390–6399 for a private redis-server")


class PrivateRedis:
    def __init__(self, workdir):
        self.port = _free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=20, what="private redis-server start")

    def stop(self):
        """Stop it hard, losing every queued task (the worst case)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def answers(self):
        with (
            contextlib.suppress(OSError),
            socket.create_connection(("127.0.0.1", self.port), 0.5) as s,
        ):
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False


@pytest.fixture(scope="package")
def private_redis(tmp_path_factory):
    redis = PrivateRedis(tmp_path_factory.mktemp("redis"))
    redis.start()
    yield redis
    redis.stop()


def _point_celery_at(url):
    """Send this process's tasks to `url` (drop the pooled connections to the old broker)."""
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    return previous


@pytest.fixture(scope="package")
def drill_broker(private_redis):
    previous = _point_celery_at(private_redis.url)
    yield private_redis
    _point_celery_at(previous)


@pytest.fixture(scope="package")
def smtp():
    with FakeSMTPServer() as server:
        yield server


@pytest.fixture(scope="package")
def disk():
    """A tiny filesystem for the media (tmpfs, root only) — or, without the privilege,
    a folder and a file-size limit on the worker (see Worker.start; DRILL_NO_TMPFS=1
    forces this path)."""
    path = Path(tempfile.mkdtemp(prefix="thidua-drill-media-"))
    mounted = not os.environ.get("DRILL_NO_TMPFS") and (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES}", "tmpfs", str(path)],
            capture_output=True,
        ).returncode
        == 0
    )
    yield {"path": path, "tmpfs": mounted}
    if mounted:
        subprocess.run(["umount", "-l", str(path)], check=False)
    shutil.rmtree(path, ignore_errors=True)


class Worker:
    """`celery worker -B` (beat embedded) on the test database, the private Redis, the
    fake SMTP server and the tiny disk. kill() is a SIGKILL of the whole process group."""

    def __init__(self, database, redis, smtp, disk, run_dir):
        self.run_dir = run_dir
        self.process = None
        self.file_limit = None
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": _url_with_database(os.environ["DATABASE_URL"], database),
            "REDIS_URL": redis.url,
            "CONN_MAX_AGE": "0",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "5",
            "MEDIA_ROOT": str(disk["path"]),
            **DRILL_ENV,
        }
        self.env.pop("EMAIL_FILE_PATH", None)
        self.env.pop("CELERY_WORKER_PIDFILE", None)
        self.starts = 0

    def start(self, *, file_limit=None):
        self.starts += 1
        self.log = self.run_dir / f"worker-{self.starts}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "-B",
            f"--schedule={self.run_dir / 'beat-schedule'}",
            "--pool=solo", "--without-gossip", "--without-mingle",
            "--loglevel=INFO", f"--hostname=drill-{os.getpid()}-{self.starts}@%h",
        ]  # fmt: skip

        def limit():
            if file_limit is not None:  # no tmpfs: a file-size limit makes writes fail
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command,
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=limit,
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Drill worker exited:\n{self.log.read_text()}")
            if b" ready." in self.log.read_bytes():
                return time.monotonic() - (deadline - READY_TIMEOUT)
            time.sleep(0.2)
        pytest.fail(f"Drill worker not ready:\n{self.log.read_text()}")

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def logs(self):
        return "\n".join(p.read_text() for p in sorted(self.run_dir.glob("worker-*.log")))


@pytest.fixture(scope="package")
def drill_worker(django_db_setup, django_db_blocker, drill_broker, smtp, disk, tmp_path_factory):
    with django_db_blocker.unblock():
        from django.db import connection

        database = connection.settings_dict["NAME"]
    celery_app.control.purge()
    worker = Worker(database, drill_broker, smtp, disk, tmp_path_factory.mktemp("drill-worker"))
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def drill(settings, drill_worker, drill_broker, smtp, disk):
    """The web side of a drill: tasks go to the private Redis, files to the tiny disk."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.WORKER_STALE_SECONDS = int(DRILL_ENV["WORKER_STALE_SECONDS"])  # /readyz here
    settings.MEDIA_ROOT = str(disk["path"])
    smtp.refusing = False
    smtp.messages.clear()
    if drill_worker.process is None or drill_worker.process.poll() is not None:
        drill_worker.start()
    if not drill_broker.answers():
        drill_broker.start()
    return drill_worker


def part_files(media):
    """Partial files left anywhere under the media folder."""
    return sorted(str(p) for p in Path(media).rglob("*.part"))


# The council meeting with two dossiers of the bulk-print tests.
from tests.dossiers.conftest import (  # noqa: E402, F401
    accepted,
    accepted_registration,
    before_the_reform,
    collective,
    eligible,
    individual,
    members,
    proposal,
    sent_submission,
    submitted,
    two_dossiers,
)


@pytest.fixture
def giay_khen(db):
    """An award form given today, made for the test: not the seeded district Giấy khen
    (ended 30/6/2025 with the districts), which a transactional test sees until the first
    flush removes the migrated rows."""
    from tests.factories import AwardFormFactory

    return AwardFormFactory(code="giay-khen-thu-nghiem", name="Giấy khen thử nghiệm")
