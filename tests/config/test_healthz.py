"""/healthz tells a load balancer whether the database answers."""

import json

from .conftest import closed_port, production_env

# A fresh process asks /healthz through Django's test client: no server, real settings.
PROBE = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response.content.decode())
"""


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(run_django):
    env = production_env(
        DATABASE_URL=f"postgres://thidua:secret@127.0.0.1:{closed_port()}/thidua",
        SECURE_SSL_REDIRECT="false",
    )

    result = run_django(["-c", PROBE], env)

    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert (status, json.loads(body)) == ("503", {"status": "error", "database": "unavailable"}), (
        result.stderr
    )


def test_healthz_probe_answers_200_on_a_reachable_database(run_django, tmp_path):
    # The same probe on an embedded SQLite file: the 503 above comes from the closed port.
    env = production_env(SQLITE_PATH=str(tmp_path / "probe.sqlite3"))
    del env["DATABASE_URL"]

    result = run_django(["-c", PROBE], env)

    assert result.stdout.strip().splitlines()[-1] == '200 {"status": "ok", "database": "ok"}', (
        result.stderr
    )


def test_the_favicon_is_a_real_icon_served_to_anyone(client, db):
    response = client.get("/favicon.ico")

    body = b"".join(response.streaming_content)
    assert (response.status_code, response["Content-Type"]) == (200, "image/x-icon")
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO header: reserved 0, type 1 (icon)
