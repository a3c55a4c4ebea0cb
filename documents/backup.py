"""Backup and restore of the database and the media, with the issued documents' hashes.

A backup is a folder: `database.dump` (pg_dump custom format, or a copy of the SQLite
file), `media.tar.gz`, and `manifest.json` with the SHA-256 of both and of every issued
document's PDF and DOCX. A restore checks the archive against its manifest, puts the
database and the media back, then reads every issued document's files again and
compares their SHA-256 with the database's: a restore that cannot prove them is refused.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import GeneratedDocument


class BackupError(Exception):
    pass


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(target_dir):
    """Write a backup folder under `target_dir`; return its path."""
    folder = Path(target_dir) / f"thidua-{timezone.localtime():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=False)
    _dump_database(folder / "database.dump")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "files": {name: sha256_of(folder / name) for name in ("database.dump", "media.tar.gz")},
        "issued_documents": issued_document_hashes(),
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return folder


def issued_document_hashes():
    """{pk: {"pdf": name, "pdf_sha256": …, "docx": …, "docx_sha256": …}} of issued versions."""
    rows = GeneratedDocument.objects.filter(
        issuance__isnull=False, status=GeneratedDocument.Status.DONE
    ).values_list("pk", "pdf", "pdf_sha256", "docx", "docx_sha256")
    return {
        str(pk): {"pdf": pdf, "pdf_sha256": pdf_sha, "docx": docx, "docx_sha256": docx_sha}
        for pk, pdf, pdf_sha, docx, docx_sha in rows
    }


def restore_backup(folder):
    """Restore a backup folder over the configured database and media; return the report.

    Refuses a folder whose files do not match their manifest. After the restore, every
    issued document's files are hashed again (verify_issued_documents).
    """
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, expected in manifest["files"].items():
        if sha256_of(folder / name) != expected:
            raise BackupError(f"{name}: SHA-256 does not match the manifest")
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"backup of {manifest['engine']}, database is {connection.vendor}")
    _restore_database(folder / "database.dump")
    _restore_media(folder / "media.tar.gz")
    report = verify_issued_documents()
    missing = set(manifest["issued_documents"]) - {str(pk) for pk in report["checked_ids"]}
    if missing:
        report["problems"].append(f"issued documents missing after restore: {sorted(missing)}")
    return report


def verify_issued_documents():
    """Hash every issued document's PDF and DOCX and compare with the database."""
    problems, checked = [], []
    storage = GeneratedDocument.pdf.field.storage
    for pk, fields in issued_document_hashes().items():
        checked.append(int(pk))
        for kind in ("pdf", "docx"):
            name, expected = fields[kind], fields[f"{kind}_sha256"]
            if not name:
                continue
            try:
                actual = sha256_of(storage.path(name))
            except OSError as error:
                problems.append(f"document {pk} {kind}: {error}")
                continue
            if actual != expected:
                problems.append(f"document {pk} {kind}: SHA-256 {actual} != {expected}")
    return {"checked": len(checked), "checked_ids": checked, "problems": problems}


def _database_settings():
    return connection.settings_dict


def _pg_env_and_args():
    db = _database_settings()
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    return env, args, db["NAME"]


def _dump_database(path):
    if connection.vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        _run(["pg_dump", "-Fc", "--no-owner", *args, "-f", str(path), name], env)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
    else:
        raise BackupError(f"no backup for {connection.vendor}")


def _restore_database(path):
    if connection.vendor == "postgresql":
        env, args, name = _pg_env_and_args()
        connection.close()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                *args,
                "-d",
                name,
                str(path),
            ],  # fmt: skip
            env,
        )
    else:
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)


def _restore_media(path):
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=media.parent) as scratch, tarfile.open(path) as archive:
        archive.extractall(scratch, filter="data")
        restored = Path(scratch) / "media"
        media.mkdir(parents=True, exist_ok=True)
        for child in media.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        if restored.exists():
            for child in restored.iterdir():
                shutil.move(str(child), media / child.name)


def _run(command, env):
    import os

    result = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
