"""A render whose task was lost is sent again by the beat task, once it is stale."""

import datetime

from django.utils import timezone

from documents.models import GeneratedDocument
from documents.services import request_document, requeue_stale_documents

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
