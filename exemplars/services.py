"""Writes of model examples: save a draft (with its photo checked by content), publish,
withdraw. Each checks the office's role and records a core.Transition."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import files_removed_on_error, validate_upload
from core.services import record_transition
from core.text import clean_file_name, nfc
from core.workflow import lock

from .models import Exemplar
from .permissions import can_manage_exemplars

PHOTO_KINDS = ("png", "jpeg")


class ExemplarError(Exception):
    """A refused action; the message is Vietnamese, for the user."""


def _check(by):
    if not can_manage_exemplars(by):
        raise ExemplarError(
            _("Chỉ cơ quan thường trực phong trào mới viết, công bố gương điển hình.")
        )


def save_exemplar(exemplar, *, by, photo=None, now=None, **fields):
    """Create (exemplar None) or change an example: title, story, unit and/or person,
    year, caption; a new photo (PNG or JPEG by its content) replaces the old one."""
    now = now or timezone.now()
    _check(by)
    fields = {k: nfc(v.strip()) if isinstance(v, str) else v for k, v in fields.items()}
    if not fields.get("title") or not fields.get("story"):
        raise ExemplarError(_("Cần ghi tiêu đề và câu chuyện."))
    if fields.get("unit") is None and not fields.get("person_name"):
        raise ExemplarError(_("Cần chọn tập thể hoặc ghi họ tên cá nhân."))
    kind = None
    if photo is not None:
        try:
            kind = validate_upload(photo, PHOTO_KINDS)
        except ValidationError as error:
            raise ExemplarError(" ".join(error.messages)) from error
    with files_removed_on_error() as track, transaction.atomic():
        created = exemplar is None
        if created:
            exemplar = Exemplar(created_by=by, created_at=now)
        else:
            exemplar = lock(exemplar)
        for name, value in fields.items():
            setattr(exemplar, name, value)
        if kind is not None:
            exemplar.photo_name = clean_file_name(photo.name, 200)
            exemplar.photo.save(exemplar.photo_name, photo, save=False)
            track(exemplar.photo)
        exemplar.save()
        if created:
            record_transition(
                exemplar, by=by, from_state="", to_state=Exemplar.Status.DRAFT, at=now
            )
    return exemplar


def publish_exemplar(exemplar, *, by, now=None):
    now = now or timezone.now()
    _check(by)
    with transaction.atomic():
        exemplar = lock(exemplar)
        if exemplar.status == Exemplar.Status.PUBLISHED:
            raise ExemplarError(_("Gương điển hình này đã được công bố."))
        if not exemplar.photo:
            raise ExemplarError(_("Cần tải lên ảnh trước khi công bố."))
        exemplar.status, exemplar.published_at = Exemplar.Status.PUBLISHED, now
        exemplar.save(update_fields=["status", "published_at"])
        record_transition(
            exemplar,
            by=by,
            from_state=Exemplar.Status.DRAFT,
            to_state=Exemplar.Status.PUBLISHED,
            at=now,
        )
    return exemplar


def withdraw_exemplar(exemplar, *, by, now=None):
    """Take a published example off the public pages (back to a draft)."""
    now = now or timezone.now()
    _check(by)
    with transaction.atomic():
        exemplar = lock(exemplar)
        if exemplar.status != Exemplar.Status.PUBLISHED:
            raise ExemplarError(_("Gương điển hình này chưa được công bố."))
        exemplar.status = Exemplar.Status.DRAFT
        exemplar.save(update_fields=["status"])
        record_transition(
            exemplar,
            by=by,
            from_state=Exemplar.Status.PUBLISHED,
            to_state=Exemplar.Status.DRAFT,
            at=now,
        )
    return exemplar
