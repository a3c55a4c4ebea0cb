"""The bundle pages: who sees them, the progress that polls, the download, the retry, the list."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import DocumentBundle, GeneratedDocument
from documents.services import request_bundle, request_document

from ..markup import tight

TITLE = "Hồ sơ trình Hội đồng Thi đua – Khen thưởng năm 2024"


@pytest.fixture
def bundle(window, office, office_body, run_on_commit):
    return run_on_commit(
        request_bundle,
        TITLE,
        [("registration_report", window), ("registration_report", window)],
        by=office,
    )


@pytest.mark.parametrize(
    "name", ["documents:bundle", "documents:bundle_status", "documents:bundle_pdf"]
)
def test_anonymous_is_sent_to_login(client, bundle, name):
    response = client.get(reverse(name, args=[bundle.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["documents:bundle", "documents:bundle_status", "documents:bundle_pdf"]
)
def test_unit_users_are_refused(client, bundle, head, name, login):
    login(head)

    assert client.get(reverse(name, args=[bundle.pk])).status_code == 403
    assert client.get(reverse("documents:bundles")).status_code == 403


def test_an_unknown_bundle_is_404(client, council, login):
    login(council)

    assert client.get(reverse("documents:bundle", args=[999])).status_code == 404


def test_council_reads_the_bundle_and_downloads_it_with_its_hash(client, bundle, council, login):
    login(council)

    page = client.get(reverse("documents:bundle", args=[bundle.pk])).content.decode()
    download = client.get(reverse("documents:bundle_pdf", args=[bundle.pk]))
    body = b"".join(download.streaming_content)

    assert TITLE in page
    assert "Tải bản in gộp (PDF)" in page
    assert bundle.pdf_sha256 in page
    assert "hx-trigger" not in page
    assert hashlib.sha256(body).hexdigest() == bundle.pdf_sha256
    assert download["Content-Disposition"].startswith(
        'attachment; filename="ban-in-gop-ho-so-trinh'
    )


def test_a_pending_bundle_polls_and_shows_documents_done(
    client, window, office, office_body, django_capture_on_commit_callbacks, login
):
    with django_capture_on_commit_callbacks(execute=False):
        pending = request_bundle(TITLE, [("registration_report", window)], by=office)
    login(office)

    html = client.get(reverse("documents:bundle_status", args=[pending.pk])).content.decode()
    download = client.get(reverse("documents:bundle_pdf", args=[pending.pk]))

    assert 'hx-trigger="every 1s"' in html
    assert "Đã tạo 0/1 văn bản…" in html
    assert '<progress class="w-100" max="100" value="0"' in tight(html)
    assert download.status_code == 404


def test_a_failed_bundle_says_why_and_is_retried_from_the_page(
    client, window, office, office_body, django_capture_on_commit_callbacks, login
):
    with django_capture_on_commit_callbacks(execute=False):
        failed = request_bundle(TITLE, [("registration_report", window)], by=office)
    GeneratedDocument.objects.update(status="failed", error="OSError: worker killed")
    DocumentBundle.objects.filter(pk=failed.pk).update(
        status="failed", error="Văn bản “Báo cáo” (phiên bản 1) không tạo được: OSError"
    )
    login(office)

    page = client.get(reverse("documents:bundle", args=[failed.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(
            reverse("documents:bundle_retry", args=[failed.pk]), headers={"HX-Request": "true"}
        )
    failed.refresh_from_db()

    assert "Không tạo được bản in gộp." in page
    assert "Văn bản “Báo cáo” (phiên bản 1) không tạo được: OSError" in page
    assert retried.status_code == 200
    assert failed.status == "done"


def test_retrying_a_done_bundle_shows_a_message(client, bundle, office, login):
    login(office)

    response = client.post(reverse("documents:bundle_retry", args=[bundle.pk]), follow=True)

    assert "Chỉ chạy lại được bản in gộp bị lỗi." in response.content.decode()


def test_the_bundle_list_takes_the_same_queries_for_one_and_three_bundles(
    client, window, office, office_body, run_on_commit, django_assert_num_queries, login
):
    document = run_on_commit(request_document, "registration_report", window, by=office)
    run_on_commit(request_bundle, TITLE, [document], by=office)
    login(office)
    url = reverse("documents:bundles")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for number in (2, 3):
        run_on_commit(request_bundle, f"Bản in gộp số {number}", [document], by=office)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)

    html = response.content.decode()
    assert [title in html for title in (TITLE, "Bản in gộp số 2", "Bản in gộp số 3")] == [True] * 3


def test_admin_prints_selected_documents_as_one_bundle(
    client, admin_user, window, office, office_body, run_on_commit, login
):
    documents = [
        run_on_commit(request_document, "registration_report", window, by=office) for _ in range(2)
    ]
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    login(admin_user)

    response = client.post(
        reverse("admin:documents_generateddocument_changelist"),
        {"action": "print_as_bundle", "_selected_action": [d.pk for d in documents]},
    )

    bundle = DocumentBundle.objects.get()
    assert response.url == reverse("documents:bundle", args=[bundle.pk])
    assert bundle.title == "Bản in gộp 2 văn bản"
    assert list(bundle.parts.values_list("document_id", flat=True)) == [d.pk for d in documents]
