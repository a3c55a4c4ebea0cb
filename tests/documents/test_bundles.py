"""Bulk printing: many documents fanned out one task each, counted, merged behind a contents page."""

import hashlib
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from documents.models import BundlePart, DocumentBundle, GeneratedDocument
from documents.services import (
    DocumentError,
    advance_bundle,
    advance_bundles_of,
    merge_bundle,
    render_document,
    request_bundle,
    request_document,
    retry_bundle,
)
from tests.factories import RegistrationFactory, TargetFactory, UnitFactory, UserFactory

from . import pdf

TITLE = "Hồ sơ trình Hội đồng Thi đua – Khen thưởng năm 2024"


def _pdf_bytes(stored):
    with stored.open("rb") as handle:
        return handle.read()


def _bundle_files():
    root = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(p.name for p in root.rglob("*-tap.pdf*")) if root.exists() else []


def _form_of_a_new_unit(name, run_on_commit):
    unit = UnitFactory(name=name)
    head = UserFactory(unit=unit, head=True)
    registration = RegistrationFactory(unit=unit, created_by=head)
    TargetFactory(registration=registration, title=f"Chỉ tiêu của {name}")
    return run_on_commit(request_document, "registration_form", registration, by=head)


@pytest.fixture
def two_forms(db, run_on_commit):
    return [
        _form_of_a_new_unit("UBND xã Bản Lầu", run_on_commit),
        _form_of_a_new_unit("UBND xã Pha Long", run_on_commit),
    ]


def _render_part(document):
    """What the worker does for one part: render it, then tell the bundles waiting for it."""
    render_document(document.pk)
    advance_bundles_of(document.pk)


def test_a_bundle_merges_documents_and_new_versions_behind_a_contents_page(
    two_forms, window, office, office_body, run_on_commit
):
    bundle = run_on_commit(
        request_bundle,
        TITLE,
        [two_forms[0], ("registration_report", window), two_forms[1]],
        by=office,
        subtitle="Phiên họp ngày 15/12/2024",
    )

    parts = list(bundle.parts.select_related("document").order_by("order"))
    lengths = [part.document.page_count for part in parts]
    data = _pdf_bytes(bundle.pdf)
    reader = pdf.reader(data)
    contents = reader.pages[0]
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert (bundle.status, bundle.parts_done, bundle.parts_total) == ("done", 3, 3)
    assert [part.document.kind for part in parts] == [
        "registration_form",
        "registration_report",
        "registration_form",
    ]
    assert [part.start_page for part in parts] == [2, 2 + lengths[0], 2 + lengths[0] + lengths[1]]
    assert bundle.page_count == len(reader.pages) == 1 + sum(lengths)
    assert hashlib.sha256(data).hexdigest() == bundle.pdf_sha256
    assert pdf.page_says(contents, TITLE.upper())
    assert pdf.page_says(contents, "Phiên họp ngày 15/12/2024")
    assert pdf.page_says(contents, "MỤC LỤC")
    for number, part in enumerate(parts, start=1):
        assert pdf.page_says(
            contents,
            f"{number} {part.document.title} Dự thảo {part.document.page_count} {part.start_page}",
        )
    assert outline == [("Mục lục", 0)] + [
        (part.document.title, part.start_page - 1) for part in parts
    ]
    assert pdf.page_says(reader.pages[parts[1].start_page - 1], "BÁO CÁO")
    assert pdf.page_says(reader.pages[parts[2].start_page - 1], "ỦY BAN NHÂN DÂN\nXÃ PHA LONG")


def test_progress_counts_the_documents_done_and_the_last_one_queues_the_merge(
    window, office, office_body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the worker is busy elsewhere
        bundle = request_bundle(
            TITLE, [("registration_report", window), ("registration_report", window)], by=office
        )
    first, second = [part.document for part in bundle.parts.order_by("order")]
    bundle.refresh_from_db()
    queued = (bundle.status, bundle.parts_done, bundle.progress)

    _render_part(first)
    bundle.refresh_from_db()
    halfway = (bundle.status, bundle.parts_done, bundle.progress)
    with django_capture_on_commit_callbacks(execute=True):
        _render_part(second)
    bundle.refresh_from_db()

    assert queued == ("queued", 0, 0)
    assert halfway == ("queued", 1, 45)
    assert (bundle.status, bundle.parts_done, bundle.progress) == ("done", 2, 100)


def test_counting_again_queues_no_second_merge(
    window, office, office_body, run_on_commit, django_capture_on_commit_callbacks
):
    document = run_on_commit(request_document, "registration_report", window, by=office)
    with django_capture_on_commit_callbacks(execute=False):
        bundle = request_bundle(TITLE, [document], by=office)

    with django_capture_on_commit_callbacks(execute=False) as first:
        advance_bundle(bundle.pk)
    with django_capture_on_commit_callbacks(execute=False) as again:
        advance_bundle(bundle.pk)
        advance_bundles_of(document.pk)
    bundle.refresh_from_db()

    assert (len(first), len(again)) == (1, 0)
    assert bundle.status == "merging"


def test_merging_twice_keeps_the_first_file(window, office, office_body, run_on_commit):
    document = run_on_commit(request_document, "registration_report", window, by=office)
    bundle = run_on_commit(request_bundle, TITLE, [document], by=office)
    before = (bundle.pdf.name, bundle.pdf_sha256, bundle.attempts)

    merge_bundle(bundle.pk)
    bundle.refresh_from_db()

    assert (bundle.pdf.name, bundle.pdf_sha256, bundle.attempts) == before
    assert len(_bundle_files()) == 1


def test_a_failed_part_fails_the_bundle_with_its_title_and_a_retry_finishes_it(
    two_forms, window, office, office_body, django_capture_on_commit_callbacks
):
    killed = []

    def kill_the_report(execute, sql, params, many, context):
        # The worker rendering the report dies as it marks it done; the forms are done already.
        if not killed and sql.startswith("UPDATE") and '"pdf_sha256"' in sql:
            killed.append(sql)
            raise OSError("worker killed")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(kill_the_report):
        with django_capture_on_commit_callbacks(execute=True):
            bundle = request_bundle(
                TITLE, [two_forms[0], ("registration_report", window)], by=office
            )
    bundle.refresh_from_db()
    failed = (bundle.status, bundle.parts_done, bundle.error, _bundle_files())
    with django_capture_on_commit_callbacks(execute=True):
        retry_bundle(bundle, by=office)
    bundle.refresh_from_db()

    assert len(killed) == 1
    assert failed == (
        "failed",
        1,
        "Văn bản “Báo cáo tình hình đăng ký thi đua năm 2024” (phiên bản 1) không tạo được: "
        "OSError: worker killed",
        [],
    )
    assert (bundle.status, bundle.parts_done, bundle.error) == ("done", 2, "")
    assert GeneratedDocument.objects.get(kind="registration_report").attempts == 2


def test_a_failed_merge_leaves_no_file_and_a_retry_merges_again(
    window, office, office_body, run_on_commit, django_capture_on_commit_callbacks
):
    document = run_on_commit(request_document, "registration_report", window, by=office)
    killed = []

    def kill_the_merge(execute, sql, params, many, context):
        if (
            not killed
            and sql.startswith("UPDATE")
            and "documentbundle" in sql
            and "pdf_sha256" in sql
        ):
            killed.append(sql)
            raise OSError("disk full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(kill_the_merge):
        bundle = run_on_commit(request_bundle, TITLE, [document], by=office)
    failed = (bundle.status, bundle.error, bundle.pdf.name, _bundle_files())
    with django_capture_on_commit_callbacks(execute=True):
        retry_bundle(bundle, by=office)
    bundle.refresh_from_db()

    assert failed == ("failed", "OSError: disk full", "", [])
    # A retry starts the attempt count again (the cap counts attempts since the request or retry).
    assert (bundle.status, bundle.attempts, len(_bundle_files())) == ("done", 1, 1)
    assert BundlePart.objects.get().start_page == 2


def test_a_failed_document_given_as_a_part_is_rendered_again(
    window, office, office_body, run_on_commit
):
    document = request_document("registration_report", window, by=office)
    GeneratedDocument.objects.filter(pk=document.pk).update(status="failed", error="OSError")

    bundle = run_on_commit(request_bundle, TITLE, [document], by=office)

    document.refresh_from_db()
    assert (document.status, bundle.status) == ("done", "done")


def test_bundles_are_refused_to_units_and_without_documents(
    ready_registration, head, office, window, office_body
):
    with pytest.raises(DocumentError):
        request_bundle(TITLE, [("registration_form", ready_registration)], by=head)
    with pytest.raises(DocumentError):
        request_bundle(TITLE, [], by=office)

    assert DocumentBundle.objects.count() == 0


def test_a_bundle_refuses_a_source_the_asker_may_not_request(ready_registration, office):
    with pytest.raises(DocumentError):
        request_bundle(TITLE, [("registration_form", ready_registration)], by=office)

    assert (DocumentBundle.objects.count(), GeneratedDocument.objects.count()) == (0, 0)


def test_retrying_a_bundle_that_did_not_fail_is_refused(window, office, office_body, run_on_commit):
    bundle = run_on_commit(request_bundle, TITLE, [("registration_report", window)], by=office)

    with pytest.raises(DocumentError):
        retry_bundle(bundle, by=office)


@pytest.mark.django_db(transaction=True)
def test_parts_finishing_together_merge_the_bundle_once(window, office, office_body, run_on_commit):
    documents = [
        run_on_commit(request_document, "registration_report", window, by=office) for _ in range(2)
    ]
    # Arranged: a bundle whose parts have all just finished, before anyone counted them.
    bundle = DocumentBundle.objects.create(title=TITLE, parts_total=2, requested_by=office)
    for order, document in enumerate(documents, start=1):
        BundlePart.objects.create(bundle=bundle, document=document, order=order)
    results, errors = [], []
    start = threading.Barrier(6)

    def count():
        try:
            start.wait()
            results.append(advance_bundle(bundle.pk))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bundle.refresh_from_db()

    assert errors == []
    assert sum(result is not None for result in results) == 1
    assert (bundle.status, bundle.parts_done, bundle.attempts) == ("done", 2, 1)
