"""The DOCX twin is its own task after the PDF: the PDF is ready first, the DOCX follows."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse
from docx import Document

from documents.models import GeneratedDocument
from documents.services import render_document, render_docx, request_document

from . import pdf


def _media_files():
    root = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(p.suffix for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _docx_text(document):
    with document.docx.open("rb") as handle:
        word = Document(handle)
    return "\n".join(
        [p.text for p in word.paragraphs]
        + [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    )


def test_the_pdf_is_done_and_downloadable_while_its_docx_is_still_being_made(
    client, head, ready_registration, login
):
    draft = request_document("registration_form", ready_registration, by=head)
    login(head)

    render_document(draft.pk)
    draft.refresh_from_db()
    status_html = client.get(reverse("documents:status", args=[draft.pk])).content.decode()

    assert (draft.status, draft.docx_status) == ("done", "queued")
    assert (draft.docx.name, draft.docx_sha256) == ("", "")
    assert "DOCX đang tạo…" in status_html
    assert 'hx-trigger="every 1s"' in status_html
    assert reverse("documents:pdf", args=[draft.pk]) in status_html
    assert client.get(reverse("documents:pdf", args=[draft.pk])).status_code == 200
    assert client.get(reverse("documents:docx", args=[draft.pk])).status_code == 404


def test_the_docx_task_writes_the_same_content_with_its_own_hash_and_polling_stops(
    client, head, ready_registration, login
):
    draft = request_document("registration_form", ready_registration, by=head)
    render_document(draft.pk)
    login(head)

    render_docx(draft.pk)
    draft.refresh_from_db()
    status_html = client.get(reverse("documents:status", args=[draft.pk])).content.decode()
    body = b"".join(client.get(reverse("documents:docx", args=[draft.pk])).streaming_content)

    assert draft.docx_status == "done"
    assert hashlib.sha256(body).hexdigest() == draft.docx_sha256
    assert "hx-trigger" not in status_html
    assert draft.docx_sha256 in status_html
    with draft.pdf.open("rb") as handle:
        pdf_bytes = handle.read()
    for expected in ("BẢN ĐĂNG KÝ THI ĐUA", "ỦY BAN NHÂN DÂN\nXÃ LÙNG VAI", head.full_name):
        assert expected in _docx_text(draft)
        assert pdf.says(pdf_bytes, expected)


def test_a_done_pdf_queues_the_docx_task_after_its_commit(
    ready_registration, head, django_capture_on_commit_callbacks
):
    draft = request_document("registration_form", ready_registration, by=head)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        render_document(draft.pk)
    draft.refresh_from_db()
    before = draft.docx_status
    for callback in queued:
        callback()
    draft.refresh_from_db()

    assert len(queued) == 1
    assert before == "queued"
    assert draft.docx_status == "done"


def test_a_version_without_its_pdf_gets_no_docx(ready_registration, head):
    draft = request_document("registration_form", ready_registration, by=head)

    render_docx(draft.pk)
    draft.refresh_from_db()

    assert (draft.status, draft.docx_status, draft.docx_attempts) == ("queued", "queued", 0)
    assert _media_files() == []


def test_writing_the_docx_again_changes_nothing(ready_registration, head):
    draft = request_document("registration_form", ready_registration, by=head)
    render_document(draft.pk)
    render_docx(draft.pk)
    draft.refresh_from_db()
    before = (draft.docx.name, draft.docx_sha256, draft.docx_attempts)

    render_docx(draft.pk)
    draft.refresh_from_db()

    assert (draft.docx.name, draft.docx_sha256, draft.docx_attempts) == before
    assert _media_files() == [".docx", ".pdf"]


def test_a_docx_killed_before_done_fails_alone_and_is_retried_from_the_page(
    client, head, ready_registration, django_capture_on_commit_callbacks, login
):
    draft = request_document("registration_form", ready_registration, by=head)
    render_document(draft.pk)
    killed = []

    def die_when_marking_docx_done(execute, sql, params, many, context):
        if not killed and sql.startswith("UPDATE") and '"docx_sha256"' in sql:
            killed.append(sql)
            raise OSError("worker killed")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(die_when_marking_docx_done):
        render_docx(draft.pk)
    draft.refresh_from_db()
    login(head)
    page = client.get(reverse("documents:detail", args=[draft.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(
            reverse("documents:retry", args=[draft.pk]), headers={"HX-Request": "true"}
        )
    failed_state = (draft.status, draft.docx_status, draft.docx.name)
    draft.refresh_from_db()

    assert len(killed) == 1
    assert failed_state == ("done", "failed", "")
    assert "Tạo lại DOCX" in page
    assert "OSError: worker killed" in page
    assert retried.status_code == 200
    assert (draft.status, draft.docx_status, draft.docx_attempts) == ("done", "done", 2)
    assert _media_files() == [".docx", ".pdf"]


def test_versions_table_says_docx_is_being_made(client, office, window, office_body, login):
    report = request_document("registration_report", window, by=office)
    render_document(report.pk)
    login(office)

    html = client.get(
        reverse("documents:source", args=["registration_report", window.pk])
    ).content.decode()

    assert "DOCX đang tạo" in html
    assert reverse("documents:pdf", args=[report.pk]) in html
    assert reverse("documents:docx", args=[report.pk]) not in html
    assert GeneratedDocument.objects.get().docx_status == "queued"
