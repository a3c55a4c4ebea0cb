"""A render whose task was lost is sent again by the beat task, once it is stale."""

import datetime

from django.utils import timezone

from documents.models import GeneratedDocument
from documents.services import (
    render_document,
    request_document,
    requeue_stale_documents,
    retry_document,
)

Status = GeneratedDocument.Status


def test_a_version_queued_too_long_is_rendered_again_and_a_fresh_one_is_left_alone(
    head, ready_registration
):
    lost = request_document("registration_form", ready_registration, by=head)
    fresh = request_document("registration_form", ready_registration, by=head)
    GeneratedDocument.objects.filter(pk=lost.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=11)
    )

    queued = requeue_stale_documents()

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert queued == 1
    assert (lost.status, lost.page_count > 0, bool(lost.pdf_sha256)) == (Status.DONE, True, True)
    assert fresh.status == Status.QUEUED


def test_a_done_pdf_is_not_rendered_again_only_its_waiting_docx_is(head, ready_registration):
    document = request_document("registration_form", ready_registration, by=head)
    requeue_stale_documents(now=timezone.now() + datetime.timedelta(minutes=11))
    document.refresh_from_db()
    first_hash, attempts = document.pdf_sha256, document.attempts
    # The DOCX task queued after the PDF's commit was lost as well (no commit in a test).
    assert document.docx_status == Status.QUEUED

    queued = requeue_stale_documents(now=timezone.now() + datetime.timedelta(hours=1))

    document.refresh_from_db()
    assert queued == 1
    assert (document.pdf_sha256, document.attempts) == (first_hash, attempts)
    assert document.docx_status == Status.DONE
    assert requeue_stale_documents(now=timezone.now() + datetime.timedelta(hours=2)) == 0


def test_a_render_whose_worker_died_is_rendered_again_by_the_sweep(head, ready_registration):
    document = request_document("registration_form", ready_registration, by=head)
    # Its worker was killed while rendering: running, one attempt, heartbeat silent.
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=2),
    )

    requeue_stale_documents()

    document.refresh_from_db()
    assert (document.status, document.attempts, document.error) == (Status.DONE, 2, "")


def test_a_live_render_is_not_taken_from_its_worker(head, ready_registration):
    document = request_document("registration_form", ready_registration, by=head)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )

    requeue_stale_documents()
    render_document(document.pk)

    document.refresh_from_db()
    assert (document.status, document.attempts) == (Status.RUNNING, 1)


def test_a_render_that_used_every_attempt_fails_with_the_reason_and_can_be_retried(
    head, ready_registration, settings
):
    document = request_document("registration_form", ready_registration, by=head)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=Status.RUNNING,
        attempts=settings.MAX_RENDER_ATTEMPTS,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=2),
    )

    requeue_stale_documents()
    document.refresh_from_db()
    failed = (document.status, document.error)
    retry_document(document, by=head)
    render_document(document.pk)
    document.refresh_from_db()

    assert failed == (
        Status.FAILED,
        "Đã thử tạo 3 lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian cho phép). "
        "Bấm “Chạy lại” để thử lại.",
    )
    assert (document.status, document.attempts, document.attempts_before_retry) == (
        Status.DONE,
        4,
        3,
    )
