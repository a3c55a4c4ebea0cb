"""Against a real Redis broker and Celery worker (CI: pytest -m broker with REDIS_URL set)."""

import hashlib
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import app
from documents.models import GeneratedDocument
from documents.services import request_bundle

from . import pdf

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings):
    assert os.environ.get("REDIS_URL"), "broker tests need REDIS_URL pointing at a Redis server"
    # Celery reads the Django setting live; setting app.conf here would pin the value
    # for every later test (tests/broker/ then found its tasks running eagerly).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with start_worker(
        app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
    ):
        yield


def _wait(row, pending, timeout=120):
    deadline = time.monotonic() + timeout
    while pending(row) and time.monotonic() < deadline:
        time.sleep(0.5)
        row.refresh_from_db()
    return row


def test_worker_renders_a_requested_report_that_downloads_with_its_hash(
    worker, login, office, window, office_body
):
    client = login(office)

    response = client.post(reverse("documents:request", args=["registration_report", window.pk]))
    # The page polls until the PDF and then its DOCX (the next task) are both written.
    document = _wait(GeneratedDocument.objects.get(), lambda d: d.is_polling, timeout=90)
    status_html = client.get(reverse("documents:status", args=[document.pk])).content.decode()
    body = b"".join(client.get(reverse("documents:pdf", args=[document.pk])).streaming_content)

    assert response.url == reverse("documents:detail", args=[document.pk])
    assert (document.status, document.docx_status) == ("done", "done"), document.error
    assert "hx-trigger" not in status_html
    assert hashlib.sha256(body).hexdigest() == document.pdf_sha256


def test_worker_writes_the_docx_after_the_pdf_and_merges_a_bundle_of_three(
    worker, office, window, office_body
):
    bundle = request_bundle(
        "Hồ sơ trình Hội đồng Thi đua – Khen thưởng năm 2024",
        [("registration_report", window)] * 3,
        by=office,
    )

    bundle = _wait(bundle, lambda b: b.is_pending)
    documents = [
        _wait(part.document, lambda d: d.is_polling)
        for part in bundle.parts.select_related("document").order_by("order")
    ]
    with bundle.pdf.open("rb") as handle:
        merged = pdf.reader(handle.read())

    assert (bundle.status, bundle.parts_done, bundle.error) == ("done", 3, "")
    assert [d.version for d in documents] == [1, 2, 3]
    assert all(d.status == d.docx_status == "done" for d in documents)
    assert all(len(d.pdf_sha256) == len(d.docx_sha256) == 64 for d in documents)
    assert len(merged.pages) == bundle.page_count == 1 + sum(d.page_count for d in documents)
    assert len(merged.outline) == 4
