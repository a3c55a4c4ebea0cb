import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import GeneratedDocument
from documents.services import request_document


@pytest.fixture
def form_draft(ready_registration, staff, run_on_commit):
    return run_on_commit(request_document, "registration_form", ready_registration, by=staff)


@pytest.fixture
def report_draft(window, office, office_body, run_on_commit):
    return run_on_commit(request_document, "registration_report", window, by=office)


def _post(client, url, capture, **kwargs):
    with capture(execute=True):
        return client.post(url, **kwargs)


@pytest.mark.parametrize(
    "name", ["documents:detail", "documents:status", "documents:pdf", "documents:docx"]
)
def test_anonymous_is_sent_to_login(client, form_draft, name):
    response = client.get(reverse(name, args=[form_draft.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_cannot_request(client, ready_registration):
    response = client.post(
        reverse("documents:request", args=["registration_form", ready_registration.pk])
    )

    assert response.status_code == 302
    assert GeneratedDocument.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["documents:detail", "documents:status", "documents:pdf", "documents:docx"]
)
def test_another_unit_gets_404(client, other_head, form_draft, name, login):
    login(other_head)

    response = client.get(reverse(name, args=[form_draft.pk]))

    assert response.status_code == 404


def test_another_unit_cannot_request_our_form(client, other_head, ready_registration, login):
    login(other_head)

    response = client.post(
        reverse("documents:request", args=["registration_form", ready_registration.pk])
    )

    assert response.status_code == 404
    assert GeneratedDocument.objects.count() == 0


def test_unknown_kind_is_404(client, head, ready_registration, login):
    login(head)

    response = client.get(reverse("documents:source", args=["no_such_kind", ready_registration.pk]))

    assert response.status_code == 404


def test_council_may_read_but_not_request_the_report(client, council, window, report_draft, login):
    login(council)

    read = client.get(reverse("documents:detail", args=[report_draft.pk]))
    refused = client.post(reverse("documents:request", args=["registration_report", window.pk]))

    assert read.status_code == 200
    assert refused.status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_unit_staff_may_not_see_the_office_report(client, staff, report_draft, window, login):
    login(staff)

    assert client.get(reverse("documents:detail", args=[report_draft.pk])).status_code == 403
    assert (
        client.get(reverse("documents:source", args=["registration_report", window.pk])).status_code
        == 403
    )


def test_staff_may_not_issue_the_unit_form(
    client, staff, form_draft, django_capture_on_commit_callbacks, login
):
    login(staff)

    response = _post(
        client, reverse("documents:issue", args=[form_draft.pk]), django_capture_on_commit_callbacks
    )

    assert response.status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_office_may_read_but_not_request_a_unit_form(
    client, office, form_draft, ready_registration, login
):
    login(office)

    read = client.get(reverse("documents:pdf", args=[form_draft.pk]))
    refused = client.post(
        reverse("documents:request", args=["registration_form", ready_registration.pk])
    )

    assert read.status_code == 200
    assert refused.status_code == 403


def test_head_requests_issues_and_downloads_the_form(
    client, head, ready_registration, django_capture_on_commit_callbacks, login
):
    login(head)

    requested = _post(
        client,
        reverse("documents:request", args=["registration_form", ready_registration.pk]),
        django_capture_on_commit_callbacks,
    )
    draft = GeneratedDocument.objects.get()
    detail = client.get(requested.url)
    issued_response = _post(
        client,
        reverse("documents:issue", args=[draft.pk]),
        django_capture_on_commit_callbacks,
        data={"signer": ""},
    )
    issued = GeneratedDocument.objects.get(version=2)
    download = client.get(reverse("documents:pdf", args=[issued.pk]))
    body = b"".join(download.streaming_content)

    assert requested.url == reverse("documents:detail", args=[draft.pk])
    assert "Cấp số và phát hành" in detail.content.decode()
    assert issued_response.url == reverse("documents:detail", args=[issued.pk])
    assert issued.reference == "01/ĐKTĐ-UBND"
    assert hashlib.sha256(body).hexdigest() == issued.pdf_sha256
    assert body.startswith(b"%PDF-")
    assert (
        'filename="dang-ky-thi-dua-2024-ubnd-xa-lung-vai-so-01-dktd-ubnd.pdf"'
        in download["Content-Disposition"]
    )


def test_docx_download_is_a_word_file(client, head, form_draft, login):
    login(head)

    response = client.get(reverse("documents:docx", args=[form_draft.pk]))
    body = b"".join(response.streaming_content)

    assert hashlib.sha256(body).hexdigest() == form_draft.docx_sha256
    assert body[:2] == b"PK"
    assert response["Content-Disposition"].endswith('-du-thao-lan-1.docx"')


def test_status_of_a_pending_version_polls_every_second(client, head, ready_registration, login):
    document = request_document(
        "registration_form", ready_registration, by=head
    )  # not rendered yet
    login(head)

    html = client.get(reverse("documents:status", args=[document.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in html
    assert "<progress" in html


def test_status_of_a_done_version_stops_polling_and_links_the_files(
    client, head, form_draft, login
):
    login(head)

    html = client.get(reverse("documents:status", args=[form_draft.pk])).content.decode()

    assert "hx-trigger" not in html
    assert reverse("documents:pdf", args=[form_draft.pk]) in html
    assert reverse("documents:docx", args=[form_draft.pk]) in html
    assert form_draft.pdf_sha256 in html


def test_failed_version_shows_the_error_and_retries_from_the_page(
    client, head, form_draft, django_capture_on_commit_callbacks, login
):
    GeneratedDocument.objects.filter(pk=form_draft.pk).update(
        status="failed", error="OSError: disk full"
    )
    login(head)

    page = client.get(reverse("documents:detail", args=[form_draft.pk])).content.decode()
    retried = _post(
        client,
        reverse("documents:retry", args=[form_draft.pk]),
        django_capture_on_commit_callbacks,
        headers={"HX-Request": "true"},
    )

    assert "Không tạo được văn bản." in page
    assert "OSError: disk full" in page
    assert retried.status_code == 200
    assert 'hx-trigger="every 1s"' in retried.content.decode()
    form_draft.refresh_from_db()
    assert form_draft.status == "done"


def test_download_of_an_unfinished_version_is_404(client, head, ready_registration, login):
    document = request_document("registration_form", ready_registration, by=head)
    login(head)

    assert client.get(reverse("documents:pdf", args=[document.pk])).status_code == 404


def test_source_buttons_for_htmx_offer_the_request_to_the_unit(
    client, staff, ready_registration, form_draft, login
):
    login(staff)

    html = client.get(
        reverse("documents:source", args=["registration_form", ready_registration.pk]),
        headers={"HX-Request": "true"},
    ).content.decode()

    assert reverse("documents:request", args=["registration_form", ready_registration.pk]) in html
    assert "1 văn bản đã tạo" in html
    assert "<nav" not in html


def test_registration_page_loads_the_document_buttons(client, staff, ready_registration, login):
    login(staff)

    html = client.get(
        reverse("registrations:detail", args=[ready_registration.pk])
    ).content.decode()

    assert (
        f'hx-get="{reverse("documents:source", args=["registration_form", ready_registration.pk])}"'
        in html
    )


def test_registration_list_loads_the_report_buttons(client, office, window, login):
    login(office)

    html = client.get(reverse("registrations:list"), {"year": window.year}).content.decode()

    assert (
        f'hx-get="{reverse("documents:source", args=["registration_report", window.pk])}"' in html
    )


@pytest.mark.parametrize("name", ["documents:source", "documents:detail"])
def test_version_lists_take_the_same_queries_for_one_and_three_versions(
    client, office, window, office_body, run_on_commit, django_assert_num_queries, name, login
):
    first = run_on_commit(request_document, "registration_report", window, by=office)
    login(office)
    url = reverse(
        name, args=["registration_report", window.pk] if name == "documents:source" else [first.pk]
    )
    client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(2):
        run_on_commit(request_document, "registration_report", window, by=office)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)

    assert response.content.decode().count("v3") >= 1
