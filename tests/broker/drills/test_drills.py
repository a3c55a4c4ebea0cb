"""Drills: Redis, a worker, the mail server, the disk and the cache fail on purpose.

Each drill checks what the user was told, that the data and every mail arrive once the
service is back (once, never twice) and how long that took (printed at the end of the
run as "drills: measured recovery times").
"""

import email
import email.policy
import hashlib
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxMail
from documents.models import GeneratedDocument
from registrations.models import Registration

from .conftest import TMPFS_BYTES, part_files, record, wait_until

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

Status = GeneratedDocument.Status


def _login(client, user):
    user.refresh_from_db()
    client.force_login(user, backend="units.backends.PortalBackend")
    return client


def _mails_to(smtp, address):
    return [m for m in smtp.messages if address in m["to"]]


def _done_file_is_whole(document, media):
    data = (media / document.pdf.name).read_bytes()
    return data.startswith(b"%PDF-") and hashlib.sha256(data).hexdigest() == document.pdf_sha256


def test_a_worker_killed_during_a_bulk_print_is_replaced_and_the_print_finishes(
    before_the_reform, drill, disk, client, two_dossiers, council
):
    # The dossiers are the 2024 awards, proposed while the district's Giấy khen existed.
    from dossiers.models import BulkPrint, BulkPrintPart

    started = _login(client, council).post(
        reverse("dossiers:bulk_print_start", args=[two_dossiers.pk]), follow=True
    )
    job = BulkPrint.objects.get()
    wait_until(
        lambda: BulkPrintPart.objects.filter(job=job, status="running").exists(),
        timeout=60,
        what="a dossier to be printing",
    )

    drill.kill()
    killed = time.monotonic()
    refused_meanwhile = client.post(
        reverse("dossiers:bulk_print_start", args=[two_dossiers.pk]), follow=True
    )
    drill.start()
    wait_until(
        lambda: BulkPrint.objects.filter(pk=job.pk, status="done").exists(),
        timeout=120,
        what="the bulk print after the worker was killed",
    )
    record("worker killed during a bulk print → print done", time.monotonic() - killed)
    page = client.get(reverse("dossiers:bulk_print_detail", args=[job.pk])).content.decode()

    job.refresh_from_db()
    parts = list(job.parts.order_by("order"))
    assert started.status_code == 200
    assert "Đang in hồ sơ của phiên họp này" in refused_meanwhile.content.decode()
    assert (job.status, job.done, job.failed, job.total) == ("done", 2, 0, 2)
    assert [p.status for p in parts] == ["done", "done"]
    assert max(p.attempts for p in parts) == 2
    assert "Đã in 2/2 hồ sơ" in page
    data = (disk["path"] / job.pdf.name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == job.pdf_sha256
    assert part_files(disk["path"]) == []


def test_redis_stopped_during_a_submit_the_user_is_told_it_was_sent_and_mail_and_pdf_follow(
    drill, drill_broker, smtp, disk, client, ready_registration, head, office
):
    drill_broker.stop()

    started = time.monotonic()
    submitted = _login(client, head).post(
        reverse("registrations:submit", args=[ready_registration.pk]), follow=True
    )
    answered_in = time.monotonic() - started
    requested = client.post(
        reverse("documents:request", args=["registration_form", ready_registration.pk])
    )
    drill_broker.start()
    back = time.monotonic()
    document = GeneratedDocument.objects.get()
    mail_after = wait_until(
        lambda: _mails_to(smtp, office.email), timeout=90, what="the office's mail after Redis"
    )
    pdf_after = wait_until(
        lambda: GeneratedDocument.objects.filter(pk=document.pk, status=Status.DONE).exists(),
        timeout=90,
        what="the PDF after Redis",
    )
    record("Redis down during a submit: the web answer took", answered_in)
    record("Redis back → the mail delivered", mail_after)
    record("Redis back → the requested PDF done", time.monotonic() - back)
    time.sleep(3)  # a duplicate would arrive within a sweep or two

    ready_registration.refresh_from_db()
    document.refresh_from_db()
    assert submitted.status_code == 200
    assert "Đã gửi đăng ký thi đua tới Phòng Văn hóa và Thông tin." in submitted.content.decode()
    assert "lỗi hệ thống" not in submitted.content.decode()
    assert requested.status_code == 302
    assert ready_registration.status == Registration.Status.SUBMITTED
    assert len(_mails_to(smtp, office.email)) == 1
    assert OutboxMail.objects.get().status == OutboxMail.Status.SENT
    assert pdf_after > 0
    assert _done_file_is_whole(document, disk["path"])
    assert part_files(disk["path"]) == []


def test_a_worker_killed_during_a_render_is_replaced_and_the_render_runs_again(
    drill, disk, client, ready_registration, head
):
    _login(client, head).post(
        reverse("documents:request", args=["registration_form", ready_registration.pk])
    )
    document = GeneratedDocument.objects.get()
    # On a quiet machine a render takes about a second: poll often and kill at once (the
    # page is read after the kill: the dead worker's render still shows as running).
    wait_until(
        lambda: GeneratedDocument.objects.filter(pk=document.pk, status=Status.RUNNING).exists(),
        timeout=60,
        what="the render to start",
        every=0.01,
    )
    drill.kill()
    killed = time.monotonic()
    while_running = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    drill.start()
    wait_until(
        lambda: GeneratedDocument.objects.filter(pk=document.pk, status=Status.DONE).exists(),
        timeout=90,
        what="the render after the worker was killed",
    )
    record("worker killed during a render → PDF done", time.monotonic() - killed)

    document.refresh_from_db()
    assert "Đang tạo" in while_running
    assert (document.status, document.attempts, document.error) == (Status.DONE, 2, "")
    assert GeneratedDocument.objects.count() == 1
    assert _done_file_is_whole(document, disk["path"])
    assert part_files(disk["path"]) == []


def test_the_mail_server_refusing_then_back_every_mail_arrives_once(
    drill, smtp, client, ready_registration, head, office
):
    Registration.objects.filter(pk=ready_registration.pk).update(
        status=Registration.Status.SUBMITTED
    )
    smtp.refusing = True

    returned = _login(client, office).post(
        reverse("registrations:return", args=[ready_registration.pk]),
        {"reason": "Thiếu sản phẩm cụ thể."},
        follow=True,
    )
    wait_until(
        lambda: OutboxMail.objects.filter(attempts__gte=2).exists(),
        timeout=60,
        what="two refused attempts",
    )
    refused = OutboxMail.objects.get()
    smtp.refusing = False
    back = time.monotonic()
    wait_until(lambda: _mails_to(smtp, head.email), timeout=60, what="the mail after SMTP")
    record("SMTP back → the refused mail delivered", time.monotonic() - back)
    time.sleep(3)

    sent = OutboxMail.objects.get()
    assert returned.status_code == 200
    assert "lỗi hệ thống" not in returned.content.decode()
    assert (refused.status, "421" in refused.last_error) == (OutboxMail.Status.PENDING, True)
    assert smtp.refused >= 2
    assert (sent.status, sent.last_error) == (OutboxMail.Status.SENT, "")
    assert len(_mails_to(smtp, head.email)) == 1
    message = email.message_from_bytes(
        _mails_to(smtp, head.email)[0]["data"], policy=email.policy.default
    )
    assert message["Subject"].strip() == "[Thi đua số] Đăng ký thi đua bị trả lại"


def test_a_full_disk_fails_the_render_with_the_reason_leaves_no_partial_file_and_retry_works(
    drill, disk, client, ready_registration, head
):
    media = disk["path"]
    filler = media / "filler.bin"
    if disk["tmpfs"]:
        free = shutil_free(media)
        filler.write_bytes(b"\0" * max(free - 16 * 1024, 0))
    else:  # no tmpfs (no privilege): a worker whose files may not grow past 16 KB
        drill.stop()
        drill.start(file_limit=16 * 1024)

    _login(client, head).post(
        reverse("documents:request", args=["registration_form", ready_registration.pk])
    )
    document = GeneratedDocument.objects.get()
    # Failed for good: the worker retries a failed render (its task, then the sweep) up to
    # MAX_RENDER_ATTEMPTS, so an earlier "failed" is only a moment before "queued" again.
    wait_until(
        lambda: GeneratedDocument.objects.filter(
            pk=document.pk, status=Status.FAILED, attempts__gte=settings.MAX_RENDER_ATTEMPTS
        ).exists(),
        timeout=90,
        what="the render to fail on the full disk",
    )
    page = client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    leftovers = part_files(media)
    document.refresh_from_db()
    failed_error = document.error

    if disk["tmpfs"]:
        filler.unlink()
    else:
        drill.stop()
        drill.start()
    freed = time.monotonic()
    retried = client.post(reverse("documents:retry", args=[document.pk]))
    wait_until(
        lambda: GeneratedDocument.objects.filter(pk=document.pk, status=Status.DONE).exists(),
        timeout=90,
        what="the retried render",
    )
    record("disk freed → retried PDF done", time.monotonic() - freed)

    document.refresh_from_db()
    assert ("No space left on device" in failed_error) or ("File too large" in failed_error)
    assert "Không tạo được văn bản." in page
    assert "Tạo lại" in page
    assert leftovers == []
    assert retried.status_code in (200, 302)
    assert document.status == Status.DONE
    assert _done_file_is_whole(document, media)
    assert part_files(media) == []
    assert TMPFS_BYTES > 0


def shutil_free(path):
    import shutil

    return shutil.disk_usage(path).free


def test_the_cache_gone_pages_still_answer_and_readyz_names_the_broker_then_the_worker(
    drill, drill_broker, client, settings, db
):
    from core.cache import DegradingRedisCache
    from core.models import WorkerHeartbeat

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": drill_broker.url.replace("/0", "/1"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    DegradingRedisCache._down_until = 0.0
    last = {}

    def ready():
        last.update(client.get("/readyz").json())
        return last["status"] == "ok"

    warm = client.get(reverse("open_data:page"))
    wait_until(ready, timeout=30, what=lambda: f"/readyz before the drill (last answer {last})")

    drill_broker.stop()
    started = time.monotonic()
    cold = client.get(reverse("open_data:page"))
    record("cache gone: the open-data page answered in", time.monotonic() - started)
    not_ready = client.get("/readyz")
    drill_broker.start()
    back = time.monotonic()
    back_at = timezone.now()
    DegradingRedisCache._down_until = 0.0

    def worker_heard_again():
        return ready() and WorkerHeartbeat.objects.filter(seen_at__gt=back_at).exists()

    # Ready again once the broker answers and a worker ran a heartbeat sent after Redis
    # came back (a round trip beat → Redis → worker → database; no remote-control ping).
    wait_until(
        worker_heard_again, timeout=90, what=lambda: f"/readyz after Redis (last answer {last})"
    )
    record("Redis back → /readyz ready (broker, and a worker heard again)", time.monotonic() - back)
    again = client.get(reverse("open_data:page"))

    assert (warm.status_code, cold.status_code, again.status_code) == (200, 200, 200)
    assert "Dữ liệu mở" in cold.content.decode()
    assert "Dữ liệu mở" in warm.content.decode()
    assert not_ready.status_code == 503
    assert not_ready.json()["broker"] == "unavailable"
    assert not_ready.json()["database"] == "ok"
    assert last == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}
