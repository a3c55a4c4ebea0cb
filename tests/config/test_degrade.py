"""Degrade instead of failing: a database outage is a 503 that says when to retry, a
cache outage only makes pages slower, /readyz names what is missing."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from .conftest import closed_port, production_env

# A fresh process asks a page through Django's test client: no server, real settings.
PROBE = """
import django, sys
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get(sys.argv[1])
print(response.status_code, response.get("Retry-After", "-"), response.content.decode().replace("\\n", " "))
"""


def _probe(run_django, path, env):
    result = run_django(["-c", PROBE, path], env)
    status, retry_after, body = result.stdout.strip().splitlines()[-1].split(" ", 2)
    return status, retry_after, body, result.stderr


@pytest.mark.parametrize("path", ["/du-lieu-mo/", "/vinh-danh/"])
def test_a_database_outage_answers_503_with_retry_after_and_a_vietnamese_page(run_django, path):
    env = production_env(SECURE_SSL_REDIRECT="false")

    status, retry_after, body, stderr = _probe(run_django, path, env)

    assert (status, retry_after) == ("503", "30"), stderr
    assert "Hệ thống tạm thời gián đoạn" in body
    assert "vui lòng thử lại sau 30 giây" in body


def test_readyz_names_the_database_broker_and_worker_that_do_not_answer(run_django):
    env = production_env(SECURE_SSL_REDIRECT="false")

    status, _retry, body, stderr = _probe(run_django, "/readyz", env)

    assert status == "503", stderr
    assert json.loads(body) == {
        "status": "error",
        "database": "unavailable",
        "broker": "unavailable",
        "worker": "unavailable",
    }


def test_readyz_is_ok_in_the_embedded_mode_where_tasks_run_in_the_web_process(client, db):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def redis_cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    from core.cache import DegradingRedisCache

    DegradingRedisCache._down_until = 0.0
    yield
    DegradingRedisCache._down_until = 0.0


def test_a_cache_that_does_not_answer_reads_as_a_miss_and_skips_writes(redis_cache_down):
    computed = []

    value = cache.get_or_set("figures", lambda: computed.append(1) or 42, 60)

    assert value == 42
    assert computed == [1]
    assert cache.get("figures", "miss") == "miss"
    assert cache.set("figures", 1) is None
    assert cache.add("figures", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("figures") is False


def test_the_open_data_page_answers_without_its_cache(client, redis_cache_down, db):
    response = client.get(reverse("open_data:page"))
    as_json = client.get(reverse("open_data:json"))

    assert response.status_code == 200
    assert "Dữ liệu mở" in response.content.decode()
    assert as_json.status_code == 200


def test_readyz_counts_a_worker_that_ran_the_heartbeat_task_lately_not_one_gone_silent(
    client, db, settings
):
    """A live worker is one whose heartbeat task (sent by beat through the broker) ran
    within WORKER_STALE_SECONDS; no remote-control ping is involved."""
    import datetime

    from django.utils import timezone

    from core.health import live_workers
    from core.models import WorkerHeartbeat
    from core.tasks import worker_heartbeat

    settings.CELERY_TASK_ALWAYS_EAGER = False  # production: tasks run in a worker
    settings.WORKER_STALE_SECONDS = 60
    never = client.get("/readyz").json()["worker"]
    worker_heartbeat.apply()  # what the worker does when beat's heartbeat reaches it
    alive = client.get("/readyz").json()["worker"]
    hostname = WorkerHeartbeat.objects.get().hostname
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - datetime.timedelta(seconds=61))
    silent = client.get("/readyz").json()["worker"]

    assert (never, alive, silent) == ("unavailable", "ok", "unavailable")
    assert hostname
    assert live_workers(now=timezone.now() - datetime.timedelta(seconds=30)) == [hostname]


def test_beat_sends_the_worker_heartbeat_more_often_than_it_goes_stale(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["core-worker-heartbeat"]

    assert entry["task"] == "core.tasks.worker_heartbeat"
    assert entry["schedule"] * 3 <= settings.WORKER_STALE_SECONDS
    assert entry["options"]["expires"] == settings.WORKER_STALE_SECONDS


def test_a_missing_key_on_incr_is_an_answer_not_an_outage(redis_cache_down, monkeypatch):
    """Redis answers incr of a missing key with an error: the caller starts the counter,
    and the cache must not be taken for down (which skipped that very start)."""
    from django.core.cache.backends.redis import RedisCache

    from core.cache import DegradingRedisCache

    def key_not_found(self, key, delta=1, version=None):
        raise ValueError(f"Key '{key}' not found.")

    monkeypatch.setattr(RedisCache, "incr", key_not_found)
    monkeypatch.setattr(RedisCache, "add", lambda self, *args, **kwargs: True)

    with pytest.raises(ValueError, match="not found"):
        cache.incr("core:data-generation")

    assert DegradingRedisCache._down_until == 0.0
    assert cache.add("core:data-generation", 1) is True
