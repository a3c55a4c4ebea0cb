"""Against a real Redis broker and Celery worker (CI: pytest -m broker with REDIS_URL set)."""

import hashlib
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import app
from documents.models import GeneratedDocument

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings):
    assert os.environ.get("REDIS_URL"), "broker tests need REDIS_URL pointing at a Redis server"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    with start_worker(
        app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
    ):
        yield
    app.conf.task_always_eager = True


def test_worker_renders_a_requested_report_that_downloads_with_its_hash(
    worker, login, office, window, office_body
):
    client = login(office)

    response = client.post(reverse("documents:request", args=["registration_report", window.pk]))
    document = GeneratedDocument.objects.get()
    deadline = time.monotonic() + 90
    while document.status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        document.refresh_from_db()
    status_html = client.get(reverse("documents:status", args=[document.pk])).content.decode()
    body = b"".join(client.get(reverse("documents:pdf", args=[document.pk])).streaming_content)

    assert response.url == reverse("documents:detail", args=[document.pk])
    assert document.status == "done", document.error
    assert "hx-trigger" not in status_html
    assert hashlib.sha256(body).hexdigest() == document.pdf_sha256
