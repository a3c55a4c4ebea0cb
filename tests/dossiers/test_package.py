"""The package for the provincial online public-service portal (issue 13): a unit's proposal
as one ZIP of the issued papers' PDF and DOCX, named for a clerk, with a manifest whose
SHA-256 match the files."""

import hashlib
import io
import json
import zipfile

import pytest
from django.urls import reverse

from documents.packaging import CHECKSUMS, MANIFEST
from documents.services import issue_document, request_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_tasks(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = action(*args, **kwargs)
        result.refresh_from_db()
        return result

    return run


@pytest.fixture
def printed(proposal, collective, individual, staff, head, run_on_commit):
    """The Tờ trình and the collective's report issued (01 and 02 of the unit's one register),
    the individual's own report printed."""
    for code, source in (("award_proposal_letter", proposal), ("achievement_report", collective)):
        draft = run_on_commit(request_document, code, source, by=staff)
        run_on_commit(issue_document, draft, by=head)
    run_on_commit(request_document, "achievement_report", individual, by=staff)
    return proposal


def download(client, proposal):
    return client.get(reverse("dossiers:proposal_package", args=[proposal.pk]))


def test_the_package_holds_every_paper_twice_and_its_manifest_matches(client, printed, staff):
    client.force_login(staff)

    response = download(client, printed)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        "ho-so-dich-vu-cong-khen-thuong-2024-ubnd-xa-lung-vai.zip"
        in (response["Content-Disposition"])
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    papers = [n for n in names if n not in (MANIFEST, CHECKSUMS)]
    assert papers == [
        "01-to-trinh-khen-thuong-2024-ubnd-xa-lung-vai-so-01-ttr-ubnd.pdf",
        "01-to-trinh-khen-thuong-2024-ubnd-xa-lung-vai-so-01-ttr-ubnd.docx",
        "02-bao-cao-thanh-tich-2024-ubnd-xa-lung-vai-so-02-bc-ubnd.pdf",
        "02-bao-cao-thanh-tich-2024-ubnd-xa-lung-vai-so-02-bc-ubnd.docx",
        "03-bao-cao-thanh-tich-2024-lo-van-thang.pdf",
        "03-bao-cao-thanh-tich-2024-lo-van-thang.docx",
    ]
    manifest = json.loads(archive.read(MANIFEST))
    assert manifest["title"] == "Hồ sơ đề nghị khen thưởng năm 2024 – UBND xã Lùng Vai"
    assert [f["name"] for f in manifest["files"]] == papers
    for entry in manifest["files"]:
        data = archive.read(entry["name"])
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    assert archive.read(CHECKSUMS).decode().splitlines() == [
        f"{hashlib.sha256(archive.read(n)).hexdigest()}  {n}" for n in papers
    ]
    assert [f["reference"] for f in manifest["files"][:4:2]] == ["01/TTr-UBND", "02/BC-UBND"]


def test_a_draft_letter_or_an_unprinted_report_stops_the_package_naming_them(
    client, proposal, collective, individual, staff, run_on_commit
):
    run_on_commit(request_document, "award_proposal_letter", proposal, by=staff)
    client.force_login(staff)

    response = download(client, proposal)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Tờ trình đề nghị khen thưởng năm 2024 – UBND xã Lùng Vai chưa được cấp số" in page
    assert "Báo cáo thành tích năm 2024 – Lò Văn Thắng chưa có bản in PDF và DOCX" in page


def test_another_unit_cannot_download_the_package(client, printed, other_staff):
    client.force_login(other_staff)

    assert download(client, printed).status_code == 404
