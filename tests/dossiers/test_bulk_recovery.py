"""A bulk print always finishes: a dossier whose worker died is printed again by the
sweep, up to the attempt cap, and the council can cancel a print and start it again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers import services
from dossiers.models import BulkPrint, BulkPrintPart

LONG_AGO = datetime.timedelta(minutes=5)


def _lost_job(meeting, council, django_capture_on_commit_callbacks):
    """A print whose render tasks never reached a worker (Redis down at the commit)."""
    with django_capture_on_commit_callbacks(execute=False):
        job = services.start_bulk_print(meeting, by=council)
    BulkPrint.objects.filter(pk=job.pk).update(requested_at=timezone.now() - LONG_AGO)
    return job


def test_the_sweep_prints_the_dossiers_whose_tasks_were_lost_and_merges(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    job = _lost_job(two_dossiers, council, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.recover_bulk_prints()

    job.refresh_from_db()
    assert sent == 2
    assert (job.status, job.done, job.failed) == ("done", 2, 0)
    assert services.recover_bulk_prints() == 0


def test_a_dossier_whose_worker_died_is_printed_again_and_counted_once(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    job = _lost_job(two_dossiers, council, django_capture_on_commit_callbacks)
    first, second = job.parts.order_by("order")
    services.render_bulk_part(first.pk)
    # The worker printing the second dossier was killed: its heartbeat stopped.
    BulkPrintPart.objects.filter(pk=second.pk).update(
        status="running", attempts=1, heartbeat_at=timezone.now() - LONG_AGO
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.recover_bulk_prints()

    job.refresh_from_db()
    second.refresh_from_db()
    assert (second.status, second.attempts) == ("done", 2)
    assert (job.status, job.done, job.failed, job.total) == ("done", 2, 0, 2)


def test_a_dossier_that_keeps_killing_its_worker_fails_with_the_reason_and_the_print_ends(
    two_dossiers, council, settings, django_capture_on_commit_callbacks
):
    job = _lost_job(two_dossiers, council, django_capture_on_commit_callbacks)
    first, second = job.parts.order_by("order")
    services.render_bulk_part(first.pk)
    BulkPrintPart.objects.filter(pk=second.pk).update(
        status="running",
        attempts=settings.MAX_RENDER_ATTEMPTS,
        heartbeat_at=timezone.now() - LONG_AGO,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.recover_bulk_prints()

    job.refresh_from_db()
    second.refresh_from_db()
    assert second.status == "failed"
    assert second.error == (
        "Đã thử in 3 lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian cho phép)."
    )
    assert (job.status, job.done, job.failed) == ("failed", 1, 1)
    assert job.error.startswith("Không in được hồ sơ của: ")


def test_a_live_dossier_is_not_taken_from_its_worker(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    job = _lost_job(two_dossiers, council, django_capture_on_commit_callbacks)
    part = job.parts.first()
    BulkPrintPart.objects.filter(pk=part.pk).update(
        status="running", attempts=1, heartbeat_at=timezone.now()
    )

    assert services.render_bulk_part(part.pk) is None

    part.refresh_from_db()
    assert (part.status, part.attempts) == ("running", 1)


def test_the_council_cancels_a_stuck_print_and_starts_it_again(
    client, two_dossiers, council, django_capture_on_commit_callbacks
):
    job = _lost_job(two_dossiers, council, django_capture_on_commit_callbacks)
    client.force_login(council)
    page = client.get(reverse("dossiers:bulk_print_detail", args=[job.pk])).content.decode()

    cancelled = client.post(reverse("dossiers:bulk_print_cancel", args=[job.pk]), follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("dossiers:bulk_print_start", args=[two_dossiers.pk]))

    job.refresh_from_db()
    second = BulkPrint.objects.exclude(pk=job.pk).get()
    assert "Huỷ bản in" in page
    assert job.status == "cancelled"
    assert "Đã huỷ bản in. Có thể in lại toàn bộ hồ sơ của phiên họp." in cancelled.content.decode()
    assert "In lại toàn bộ hồ sơ" in cancelled.content.decode()
    assert list(job.parts.values_list("status", flat=True)) == ["failed", "failed"]
    assert again.url == reverse("dossiers:bulk_print_detail", args=[second.pk])
    assert (second.status, second.done) == ("done", 2)
    assert services.recover_bulk_prints() == 0


def test_cancelling_needs_a_login_and_the_council_or_an_admin(
    client, two_dossiers, council, office, django_capture_on_commit_callbacks
):
    job = _lost_job(two_dossiers, council, django_capture_on_commit_callbacks)
    url = reverse("dossiers:bulk_print_cancel", args=[job.pk])

    anonymous = client.post(url)
    client.force_login(office)
    refused = client.post(url)
    missing = client.post(reverse("dossiers:bulk_print_cancel", args=[job.pk + 100]))

    job.refresh_from_db()
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous.url
    assert refused.status_code == 403
    assert missing.status_code == 403
    assert job.status == "running"


def test_a_print_no_longer_running_cannot_be_cancelled(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    job = _lost_job(two_dossiers, council, django_capture_on_commit_callbacks)
    services.cancel_bulk_print(job, by=council)

    with pytest.raises(services.DossierError, match="Bản in này không còn đang chạy."):
        services.cancel_bulk_print(job, by=council)
