"""Bulk print of a meeting's dossiers: one task per dossier, merged with a table of contents."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Subject
from documents.services import issue_document, request_document
from dossiers import services
from dossiers.models import BulkPrint, BulkPrintPart

from ..documents import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_tasks(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")


def run(action, capture, *args, **kwargs):
    with capture(execute=True):
        result = action(*args, **kwargs)
    result.refresh_from_db()
    return result


def read(job):
    with job.pdf.open("rb") as handle:
        return handle.read()


def test_a_bulk_print_merges_every_dossier_after_a_table_of_contents(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    job = run(
        services.start_bulk_print, django_capture_on_commit_callbacks, two_dossiers, by=council
    )

    data = read(job)
    reader = pdf.reader(data)
    contents = pdf.squash(reader.pages[0].extract_text())
    parts = list(job.parts.order_by("order"))
    assert (job.status, job.done, job.total) == (BulkPrint.Status.DONE, 2, 2)
    assert "MỤCLỤC" in contents
    # Each row: unit, what the dossier holds, its page count, the page it starts on.
    # Neither unit issued its Tờ trình: the contents say the file holds its draft.
    assert (
        f"UBNDxãBảnLầuTờtrìnhDỰTHẢO(chưacấpsố)và1báocáothànhtích{parts[0].page_count}2" in contents
    )
    lung_vai_start = 2 + parts[0].page_count
    assert (
        f"UBNDxãLùngVaiTờtrìnhDỰTHẢO(chưacấpsố)và2báocáothànhtích{parts[1].page_count}"
        f"{lung_vai_start}" in contents
    )
    assert f"Gồm2hồsơ,{job.page_count}trang(kểcảmụclục)." in contents
    assert job.page_count == len(reader.pages) == 1 + sum(p.page_count for p in parts)
    assert [item.title for item in reader.outline] == [
        "Mục lục",
        "UBND xã Bản Lầu (Tờ trình DỰ THẢO (chưa cấp số) và 1 báo cáo thành tích)",
        "UBND xã Lùng Vai (Tờ trình DỰ THẢO (chưa cấp số) và 2 báo cáo thành tích)",
    ]
    assert pdf.says(data, "I. SƠ LƯỢC LÝ LỊCH")
    assert pdf.says(data, "Tên tập thể: UBND xã Bản Lầu")


def test_an_issued_paper_is_printed_as_issued(
    two_dossiers, council, head, django_capture_on_commit_callbacks
):
    proposal = two_dossiers.submission.nominees.get(subject=Subject.INDIVIDUAL).proposal
    draft = run(
        request_document,
        django_capture_on_commit_callbacks,
        "award_proposal_letter",
        proposal,
        by=head,
    )
    run(issue_document, django_capture_on_commit_callbacks, draft, by=head)

    job = run(
        services.start_bulk_print, django_capture_on_commit_callbacks, two_dossiers, by=council
    )

    data = read(job)
    assert pdf.says(data, "Số: 01/TTr-UBND")
    # The contents name the issued number for that unit, the draft for the other.
    contents = pdf.squash(pdf.reader(data).pages[0].extract_text())
    assert f"{proposal.unit.name}Tờtrìnhsố01/TTr-UBNDvà".replace(" ", "") in contents
    assert contents.count("TờtrìnhDỰTHẢO(chưacấpsố)") == 1


def test_progress_counts_dossiers_while_the_tasks_run(
    client, two_dossiers, council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = services.start_bulk_print(two_dossiers, by=council)
    client.force_login(council)

    waiting = client.get(
        reverse("dossiers:bulk_print_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    first = job.parts.order_by("order").first()
    services.render_bulk_part(first.pk)
    halfway = client.get(
        reverse("dossiers:bulk_print_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    )

    assert len(queued) == 2  # one render task per dossier, each sent after the commit
    assert "Đã in 0/2 hồ sơ" in waiting.content.decode()
    assert 'hx-trigger="every 1s"' in waiting.content.decode()
    assert "Đã in 1/2 hồ sơ" in halfway.content.decode()


def test_a_dossier_rendered_twice_is_counted_once(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    job = run(
        services.start_bulk_print, django_capture_on_commit_callbacks, two_dossiers, by=council
    )
    part = job.parts.first()

    services.render_bulk_part(part.pk)
    services.merge_bulk_print(job.pk)

    job.refresh_from_db()
    assert (job.done, job.failed, job.status) == (2, 0, BulkPrint.Status.DONE)


def test_a_damaged_paper_fails_its_dossier_and_the_job_says_which(
    two_dossiers, council, head, django_capture_on_commit_callbacks
):
    proposal = two_dossiers.submission.nominees.get(subject=Subject.INDIVIDUAL).proposal
    draft = run(
        request_document,
        django_capture_on_commit_callbacks,
        "award_proposal_letter",
        proposal,
        by=head,
    )
    with open(draft.pdf.path, "wb") as handle:
        handle.write(b"not a pdf")

    job = run(
        services.start_bulk_print, django_capture_on_commit_callbacks, two_dossiers, by=council
    )

    assert (job.status, job.done, job.failed) == (BulkPrint.Status.FAILED, 1, 1)
    assert job.error == "Không in được hồ sơ của: UBND xã Lùng Vai"
    assert job.pdf.name == ""
    assert job.parts.get(proposal=proposal).status == BulkPrintPart.Status.FAILED


def test_a_second_print_waits_for_the_first(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.start_bulk_print(two_dossiers, by=council)

    with pytest.raises(services.DossierError, match="Đang in hồ sơ"):
        services.start_bulk_print(two_dossiers, by=council)


def test_the_admin_prints_and_downloads(
    client, two_dossiers, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dossiers:bulk_print_start", args=[two_dossiers.pk]))
    job = BulkPrint.objects.get()
    download = client.get(reverse("dossiers:bulk_print_download", args=[job.pk]))

    assert response.url == reverse("dossiers:bulk_print_detail", args=[job.pk])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == read(job)


@pytest.mark.parametrize("name", ["bulk_print_start", "bulk_print_detail", "bulk_print_download"])
def test_bulk_printing_is_refused_to_the_culture_office(client, two_dossiers, office, name):
    client.force_login(office)

    response = (client.post if name == "bulk_print_start" else client.get)(
        reverse(f"dossiers:{name}", args=[two_dossiers.pk])
    )

    assert response.status_code == 403
    assert BulkPrint.objects.count() == 0


# --- Leaving a long job and coming back (issue 14, stumble 11) ------------------------------


def test_the_progress_says_how_long_is_left_at_the_pace_so_far(
    client, two_dossiers, council, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.start_bulk_print(two_dossiers, by=council)
    client.force_login(council)
    url = reverse("dossiers:bulk_print_detail", args=[job.pk])
    waiting = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    BulkPrint.objects.filter(pk=job.pk).update(
        requested_at=job.requested_at - datetime.timedelta(minutes=3)
    )
    services.render_bulk_part(job.parts.order_by("order").first().pk)

    halfway = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "Đang ước tính thời gian còn lại…" in waiting
    assert "Còn khoảng 3 phút." in halfway
    assert "chuông thông báo có đường dẫn về đây" in halfway


def test_whoever_asked_for_the_print_is_told_when_it_is_ready_with_a_link_back(
    two_dossiers, council, django_capture_on_commit_callbacks
):
    job = run(
        services.start_bulk_print, django_capture_on_commit_callbacks, two_dossiers, by=council
    )

    notice = council.notices.get(url=reverse("dossiers:bulk_print_detail", args=[job.pk]))
    assert notice.text == (
        f"Đã in xong hồ sơ phiên họp ngày 15/01/2025: {job.page_count} trang, tải tại đây."
    )
