"""Numbering, issuing, failures and retries of the pipeline."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from core.models import Transition
from documents.models import GeneratedDocument, Issuance, NumberSequence
from documents.services import (
    DocumentError,
    allocate_number,
    issue_document,
    regenerate_document,
    render_document,
    request_document,
    retry_document,
)
from documents.services import _retry_if_sqlite_busy as retry_if_sqlite_busy
from tests.factories import UserFactory


def _media_files():
    root = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_request_by_another_unit_is_refused(ready_registration, other_head):
    with pytest.raises(DocumentError):
        request_document("registration_form", ready_registration, by=other_head)

    assert GeneratedDocument.objects.count() == 0


def test_request_freezes_content_and_renders_after_commit(ready_registration, staff, run_on_commit):
    draft = run_on_commit(request_document, "registration_form", ready_registration, by=staff)
    ready_registration.commitment = "Nội dung sửa sau khi tạo dự thảo."
    ready_registration.save()

    assert draft.status == "done"
    assert draft.version == 1
    assert draft.snapshot["content"]["commitment"] == [
        "Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc."
    ]
    assert len(draft.pdf_sha256) == 64
    assert draft.page_count >= 1


def test_issuing_gives_consecutive_numbers_per_issuer_and_year(
    window, office, office_body, run_on_commit
):
    drafts = [
        run_on_commit(request_document, "registration_report", window, by=office) for _ in range(3)
    ]

    issued = [run_on_commit(issue_document, draft, by=office) for draft in drafts]

    assert [doc.issuance.number for doc in issued] == [1, 2, 3]
    assert [doc.reference for doc in issued] == ["01/BC-VHTT", "02/BC-VHTT", "03/BC-VHTT"]
    assert all(doc.issuance.issuer == office_body for doc in issued)
    assert all(draft.issuance_id is None for draft in drafts)


def test_a_draft_is_issued_only_once(window, office, office_body, run_on_commit):
    draft = run_on_commit(request_document, "registration_report", window, by=office)
    run_on_commit(issue_document, draft, by=office)

    with pytest.raises(DocumentError):
        issue_document(draft, by=office)

    assert Issuance.objects.count() == 1
    assert NumberSequence.objects.get(issuer=office_body).last_number == 1


def test_issuing_records_a_transition(window, office, office_body, run_on_commit):
    draft = run_on_commit(request_document, "registration_report", window, by=office)

    issued = run_on_commit(issue_document, draft, by=office)

    transition = Transition.objects.for_object(issued).get()
    assert (transition.from_state, transition.to_state, transition.comment, transition.actor) == (
        "draft",
        "issued",
        "01/BC-VHTT",
        office,
    )


def test_issuing_refuses_unit_staff_and_a_signer_of_another_body(
    ready_registration, staff, head, office_body, run_on_commit
):
    draft = run_on_commit(request_document, "registration_form", ready_registration, by=staff)

    with pytest.raises(DocumentError):
        issue_document(draft, by=staff)
    with pytest.raises(DocumentError):
        issue_document(draft, by=head, signer=office_body.signers.first())

    assert Issuance.objects.count() == 0


def test_issuing_an_unfinished_draft_is_refused(window, office, office_body):
    draft = request_document(
        "registration_report", window, by=office
    )  # queued: its commit has not run

    with pytest.raises(DocumentError):
        issue_document(draft, by=office)

    assert NumberSequence.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocation_yields_distinct_consecutive_numbers(office_body):
    numbers, errors = [], []
    start = threading.Barrier(8)

    def allocate():
        try:
            start.wait()
            for _ in range(5):
                numbers.append(retry_if_sqlite_busy(lambda: _allocate_in_transaction(office_body)))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == list(range(1, 41))
    assert NumberSequence.objects.get(issuer=office_body, year=2024).last_number == 40


def _allocate_in_transaction(issuer):
    from django.db import transaction

    with transaction.atomic():
        return allocate_number(issuer, 2024)


def test_sequences_are_kept_per_issuer_and_per_year(office_body, district):
    from django.db import transaction

    with transaction.atomic():
        got = [
            allocate_number(office_body, 2024),
            allocate_number(office_body, 2024),
            allocate_number(office_body, 2025),
            allocate_number(district, 2024),
        ]

    assert got == [1, 2, 1, 1]


def test_a_render_killed_after_writing_leaves_the_version_failed_without_a_file(
    window, office, office_body, django_capture_on_commit_callbacks
):
    draft = request_document("registration_report", window, by=office)

    killed = []

    def die_when_marking_done(execute, sql, params, many, context):
        # The files are written; the worker dies on the statement that would mark them done.
        if not killed and sql.startswith("UPDATE") and '"pdf_sha256"' in sql:
            killed.append(sql)
            raise OSError("worker killed")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(die_when_marking_done):
        render_document(draft.pk)
    draft.refresh_from_db()

    assert len(killed) == 1
    assert draft.status == "failed"
    assert "worker killed" in draft.error
    assert (draft.pdf.name, draft.pdf_sha256, draft.docx.name) == ("", "", "")
    assert _media_files() == []


def test_a_failed_version_can_be_retried_and_then_is_done(
    window, office, office_body, run_on_commit
):
    draft = request_document("registration_report", window, by=office)
    GeneratedDocument.objects.filter(pk=draft.pk).update(
        status="failed", error="OSError: worker killed"
    )
    draft.refresh_from_db()

    retried = run_on_commit(retry_document, draft, by=office)

    assert retried.status == "done"
    assert retried.error == ""
    assert retried.attempts == 1
    assert len(_media_files()) == 2


def test_rendering_a_done_version_again_changes_nothing(window, office, office_body, run_on_commit):
    draft = run_on_commit(request_document, "registration_report", window, by=office)
    before = (draft.pdf.name, draft.pdf_sha256, draft.attempts)

    render_document(draft.pk)
    draft.refresh_from_db()

    assert (draft.pdf.name, draft.pdf_sha256, draft.attempts) == before


def test_retry_refuses_a_version_that_did_not_fail(window, office, office_body, run_on_commit):
    draft = run_on_commit(request_document, "registration_report", window, by=office)

    with pytest.raises(DocumentError):
        retry_document(draft, by=office)


def test_regenerating_an_issued_document_keeps_its_number_and_every_version(
    window, office, office_body, run_on_commit
):
    draft = run_on_commit(request_document, "registration_report", window, by=office)
    issued = run_on_commit(issue_document, draft, by=office)

    again = run_on_commit(regenerate_document, issued, by=office)

    versions = list(GeneratedDocument.objects.of("registration_report", window).order_by("version"))
    assert [v.version for v in versions] == [1, 2, 3]
    assert again.issuance == issued.issuance
    assert again.reference == "01/BC-VHTT"
    assert again.snapshot == issued.snapshot
    assert all(v.status == "done" and len(v.pdf_sha256) == 64 for v in versions)
    assert len({v.pdf.name for v in versions}) == 3


def test_regenerating_is_refused_to_the_council(window, office, office_body, run_on_commit):
    draft = run_on_commit(request_document, "registration_report", window, by=office)

    with pytest.raises(DocumentError):
        regenerate_document(draft, by=UserFactory(council=True))
