import os
import secrets
import socket
import subprocess
import sys

import pytest
from django.conf import settings

# The test run's own configuration must not leak into a "production" subprocess
# (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy refuses).
RUNNER_VARIABLES = (
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "SQLITE_PATH",
    "EMAIL_FILE_PATH",
)


def closed_port():
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides):
    """The environment of a production process, as docker-compose.yml gives it."""
    env = {k: v for k, v in os.environ.items() if k not in RUNNER_VARIABLES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"postgres://thidua:secret@127.0.0.1:{closed_port()}/thidua",
        REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="thidua.example.vn,testserver",
        EMAIL_HOST="smtp.example.vn",
        DEFAULT_FROM_EMAIL="Thi đua số <thidua@example.vn>",
    )
    env.update(overrides)
    return env


@pytest.fixture
def run_django():
    """Run Python code or manage.py in a fresh process with the given environment."""

    def run(args, env):
        return subprocess.run(
            [sys.executable, *args],
            env=env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run
