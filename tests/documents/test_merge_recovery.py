"""The merge step of a bulk print recovers like a render: a merge whose worker died
(its heartbeat stopped) or whose task was lost is merged again by the sweep, up to the
attempt cap, then failed with the reason; "Chạy lại" merges it again."""

import datetime

from django.utils import timezone

from documents.models import BundlePart, DocumentBundle
from documents.services import (
    advance_bundle,
    merge_bundle,
    request_bundle,
    request_document,
    requeue_stale_documents,
    retry_bundle,
)

TITLE = "Hồ sơ trình Hội đồng Thi đua – Khen thưởng năm 2024"
LONG_AGO = datetime.timedelta(minutes=5)


def _merging(window, office, run_on_commit, capture, **state):
    """A bundle whose parts are done and whose merge task never reached a worker."""
    document = run_on_commit(request_document, "registration_report", window, by=office)
    with capture(execute=False):
        bundle = request_bundle(TITLE, [document], by=office)
    with capture(execute=False) as queued:
        advance_bundle(bundle.pk)
    assert len(queued) == 1  # the merge task, lost
    DocumentBundle.objects.filter(pk=bundle.pk).update(**state)
    bundle.refresh_from_db()
    assert bundle.status == "merging"
    return bundle


def test_a_merge_whose_worker_died_is_merged_again_by_the_sweep(
    window, office, office_body, run_on_commit, django_capture_on_commit_callbacks
):
    bundle = _merging(
        window,
        office,
        run_on_commit,
        django_capture_on_commit_callbacks,
        attempts=1,
        heartbeat_at=timezone.now() - LONG_AGO,
    )

    queued = requeue_stale_documents()

    bundle.refresh_from_db()
    assert queued == 1
    assert (bundle.status, bundle.attempts, bundle.error) == ("done", 2, "")
    assert bundle.page_count >= 2 and len(bundle.pdf_sha256) == 64
    assert BundlePart.objects.get(bundle=bundle).start_page == 2
    assert requeue_stale_documents() == 0


def test_a_live_merge_is_not_taken_from_its_worker_even_after_the_time_limit(
    window, office, office_body, run_on_commit, django_capture_on_commit_callbacks, settings
):
    # Requested long ago (more than the task time limit): only the heartbeat counts.
    old = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    bundle = _merging(
        window,
        office,
        run_on_commit,
        django_capture_on_commit_callbacks,
        attempts=1,
        heartbeat_at=timezone.now(),
        requested_at=old,
    )

    queued = requeue_stale_documents()
    merge_bundle(bundle.pk)  # a duplicate of the live merge's task

    bundle.refresh_from_db()
    assert queued == 0
    assert (bundle.status, bundle.attempts, bundle.pdf.name) == ("merging", 1, "")


def test_a_merge_waiting_for_a_worker_since_before_the_grace_is_sent_again(
    window, office, office_body, run_on_commit, django_capture_on_commit_callbacks
):
    lost = _merging(
        window,
        office,
        run_on_commit,
        django_capture_on_commit_callbacks,
        requested_at=timezone.now() - LONG_AGO,
    )
    fresh = _merging(window, office, run_on_commit, django_capture_on_commit_callbacks)

    queued = requeue_stale_documents()

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert queued == 1
    assert (lost.status, lost.attempts) == ("done", 1)
    assert (fresh.status, fresh.attempts, fresh.heartbeat_at) == ("merging", 0, None)


def test_a_merge_that_used_every_attempt_fails_with_the_reason_and_can_be_retried(
    window, office, office_body, run_on_commit, django_capture_on_commit_callbacks, settings
):
    bundle = _merging(
        window,
        office,
        run_on_commit,
        django_capture_on_commit_callbacks,
        attempts=settings.MAX_RENDER_ATTEMPTS,
        heartbeat_at=timezone.now() - LONG_AGO,
    )

    queued = requeue_stale_documents()
    bundle.refresh_from_db()
    failed = (bundle.status, bundle.error, bundle.pdf.name)
    with django_capture_on_commit_callbacks(execute=True):
        retry_bundle(bundle, by=office)
    bundle.refresh_from_db()

    assert queued == 0
    assert failed == (
        "failed",
        "Đã thử tạo 3 lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian cho phép). "
        "Bấm “Chạy lại” để thử lại.",
        "",
    )
    assert (bundle.status, bundle.attempts, bundle.error) == ("done", 1, "")
