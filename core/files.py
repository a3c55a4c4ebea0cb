"""Checking uploaded files by their content, and storing them under generated names."""

import io
import logging
import os
import uuid
import zipfile
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from .text import number

logger = logging.getLogger(__name__)

# A DOCX/XLSX/ODT is a zip: refuse one whose unpacked size or compression ratio is absurd
# (a "zip bomb"), even though the portal never unpacks it today (issue 12).
ZIP_MAX_UNPACKED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_MEMBERS = 5000

# What a format's first bytes (or, for zip containers, its inner files) look like.
KINDS = {
    "pdf": {"label": "PDF", "extensions": {".pdf"}},
    "docx": {"label": "Word (DOCX)", "extensions": {".docx"}},
    "odt": {"label": "OpenDocument (ODT)", "extensions": {".odt"}},
    "xlsx": {"label": "Excel (XLSX)", "extensions": {".xlsx"}},
    "png": {"label": "PNG", "extensions": {".png"}},
    "jpeg": {"label": "JPEG", "extensions": {".jpg", ".jpeg"}},
}
DOCUMENT_KINDS = ("pdf", "docx", "odt")
EVIDENCE_KINDS = ("pdf", "docx", "odt", "xlsx", "png", "jpeg")


def sniff(head, stream):
    """Return the kind of a file from its content, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if (
                    "mimetype" in names
                    and archive.read("mimetype").strip()
                    == b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
        except zipfile.BadZipFile:
            return None
    return None


def validate_upload(upload, kinds):
    """Refuse a file whose name, size or content is not one of `kinds`; return its kind."""
    allowed = ", ".join(KINDS[k]["label"] for k in kinds)
    name = upload.name or ""
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValidationError(
            _("Tên tệp “%(name)s” không hợp lệ: tên tệp không được chứa đường dẫn.")
            % {"name": name}
        )
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” nặng %(size)s MB, vượt giới hạn %(limit)s MB.")
            % {"name": name, "size": _mb(upload.size), "limit": _mb(limit)}
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind = sniff(content[:16], io.BytesIO(content))
    extension = os.path.splitext(name)[1].lower()
    if kind not in kinds or extension not in KINDS[kind]["extensions"]:
        raise ValidationError(
            _(
                "Tệp “%(name)s” không đúng định dạng. Chỉ nhận: %(allowed)s (kiểm tra theo nội dung tệp, không theo tên)."
            )
            % {"name": name, "allowed": allowed}
        )
    if kind in ("docx", "xlsx", "odt") and not archive_is_sane(io.BytesIO(content)):
        raise ValidationError(
            _("Tệp “%(name)s” bị từ chối: khi giải nén nó quá lớn bất thường (nghi tệp độc hại).")
            % {"name": name}
        )
    return kind


def archive_is_sane(stream):
    """False for a zip whose members unpack to too much, or compress too well to be real."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return False
    if len(members) > ZIP_MAX_MEMBERS:
        return False
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if unpacked > ZIP_MAX_UNPACKED:
        return False
    # Small files compress little in absolute terms: judge the ratio only past 1 MB.
    return unpacked <= 1024 * 1024 or unpacked <= ZIP_MAX_RATIO * max(packed, 1)


@contextmanager
def files_removed_on_error():
    """Delete the files stored inside the block if the block fails (the rollback of the
    database does not remove files). Yields `track(field_file)` to call after each save."""
    stored = []

    def track(field_file):
        stored.append((field_file.storage, field_file.name))

    try:
        yield track
    except BaseException:
        for storage, name in stored:
            _discard(storage, name)
        raise


class RefusedUpload(UploadedFile):
    """Stands for a file cut off while it streamed in: no content, its real size so far."""

    def __init__(self, name, size, content_type):
        super().__init__(io.BytesIO(), name, content_type, size)


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop storing a file as soon as it passes UPLOAD_MAX_BYTES (first in the chain).

    The rest of the body is read and dropped, never written to memory or disk; the form
    then sees a RefusedUpload whose size makes `validate_upload` refuse it with a message.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.UPLOAD_MAX_BYTES:
            return RefusedUpload(self.file_name, self.received, self.content_type)
        return None


def generated_name(folder, original_name):
    """A storage path that never reuses the client's name: folder/<uuid>.<ext>."""
    extension = os.path.splitext(original_name)[1].lower()
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def _mb(size):
    return number(size / (1024 * 1024), 1)


def save_atomically(storage, name, data, written):
    """Write `data` under `name + ".part"` and move it to `name` (same folder, one rename).

    Every name written is appended to `written` (the caller removes them on a later
    failure); a write that fails half-way (disk full) removes its own partial file before
    the error goes on: no `.part` file outlives a failure. Returns the final name.
    """
    temporary_name = f"{name}.part"
    try:
        temporary = storage.save(temporary_name, ContentFile(data))
    except Exception:
        _discard(storage, temporary_name)
        raise
    written.append(temporary)
    try:
        source, target = storage.path(temporary), storage.path(name)
    except NotImplementedError:  # object storages write each object atomically
        final = storage.save(name, ContentFile(data))
        written.append(final)
        storage.delete(temporary)
        return final
    os.replace(source, target)
    written[-1] = name
    return name


def remove_files(storage, names):
    """Delete what a failed attempt wrote; a file that cannot be deleted is logged."""
    for name in names:
        _discard(storage, name)


def _discard(storage, name):
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.warning("Could not remove %s", name)
