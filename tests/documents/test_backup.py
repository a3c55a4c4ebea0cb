"""make backup / make restore: the database and the media come back, and every issued
document's files are proved by their SHA-256."""

import json
import os

import pytest
from django.core.management import CommandError, call_command

from documents.models import GeneratedDocument
from documents.services import issue_document, request_document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def issued(window, office, office_body, run_on_commit):
    draft = run_on_commit(request_document, "registration_report", window, by=office)
    return run_on_commit(issue_document, draft, by=office)


def test_a_restore_brings_back_rows_and_files_and_verifies_the_issued_hashes(
    issued, tmp_path, capsys
):
    call_command("backup", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    pdf_path = issued.pdf.path
    GeneratedDocument.objects.filter(pk=issued.pk).update(title="changed after the backup")
    os.remove(pdf_path)
    capsys.readouterr()

    call_command("restore", str(folder))

    issued.refresh_from_db()
    out = capsys.readouterr().out
    assert manifest["issued_documents"][str(issued.pk)]["pdf_sha256"] == issued.pdf_sha256
    assert issued.title != "changed after the backup"
    assert open(pdf_path, "rb").read().startswith(b"%PDF-")
    assert out.strip() == "Đã kiểm tra SHA-256 của 1 văn bản đã ban hành: khớp."


def test_a_tampered_issued_file_is_reported_after_a_restore(issued, tmp_path, capsys):
    with open(issued.pdf.path, "ab") as handle:
        handle.write(b"tampered")

    with pytest.raises(CommandError, match="1 lỗi khi kiểm tra 1 văn bản đã ban hành"):
        call_command("restore", "--verify-only")

    assert f"document {issued.pk} pdf: SHA-256" in capsys.readouterr().err


def test_a_backup_whose_archive_changed_is_refused(issued, tmp_path):
    call_command("backup", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    with open(folder / "media.tar.gz", "ab") as handle:
        handle.write(b"x")

    with pytest.raises(CommandError, match="media.tar.gz: SHA-256 does not match the manifest"):
        call_command("restore", str(folder))
