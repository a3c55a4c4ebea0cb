"""The document pipeline: request a draft, issue it with a number, render it, retry it.

A request freezes the source's content and the letterhead as JSON in a new
GeneratedDocument version and queues the render task after the commit. Rendering
reads only that snapshot, so retries are idempotent and an issued version can be
rendered again (a new version) with exactly the content that was issued.
"""

import hashlib
import logging
import os
import re
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import record_transition
from units.models import Role, Tier, User

from .kinds import get_kind
from .letterhead import build_letterhead, signature_block
from .models import DocumentType, GeneratedDocument, Issuance, IssuingBody, NumberSequence
from .rendering import html_to_pdf, render_html
from .word import html_to_docx

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status
CONNECTORS = {"và", "-", "–", "của"}


class DocumentError(Exception):
    """A refused document action; the message is shown to the user."""


# --- Issuing bodies, types, signers -------------------------------------------------


def issuer_for_unit(unit, *, campaign=None):
    """The issuing body of `unit`, derived from the unit's data on first use.

    A district agency's parent is the body named like the campaign's issuer
    (UBND huyện …); the abbreviation is guessed from the name and stays editable.
    """
    body = IssuingBody.objects.select_related("parent").filter(unit=unit).first()
    if body is not None:
        return body
    parent = None
    if campaign is not None and unit.tier == Tier.DISTRICT_AGENCY:
        parent = IssuingBody.objects.filter(
            Q(name__iexact=campaign.issuer_name) | Q(full_name__iexact=campaign.issuer_name)
        ).first()
    try:
        with transaction.atomic():
            return IssuingBody.objects.create(
                code=f"don-vi-{unit.code}"[:60],
                name=unit.name,
                abbreviation=unit_abbreviation(unit),
                parent=parent,
                unit=unit,
                place_name=campaign.locality_name if campaign else "",
                valid_from=unit.valid_from,
                valid_to=unit.valid_to,
            )
    except IntegrityError:  # a concurrent request created it first
        return IssuingBody.objects.select_related("parent").get(unit=unit)


def unit_abbreviation(unit):
    """'UBND' for a commune; initials otherwise: Phòng Văn hóa và Thông tin → 'VHTT'."""
    if unit.tier == Tier.COMMUNE:
        return "UBND"
    name = re.sub(r"\(.*?\)", "", unit.name).strip()
    words = [w for w in re.split(r"\s+", name) if w.lower() not in CONNECTORS]
    if len(words) > 1 and words[0].lower() == "phòng":
        words = words[1:]
    return "".join(w if w.isupper() else w[0].upper() for w in words if w)[:30]


def document_type_for(kind):
    code, name, abbreviation = kind.doc_type
    doc_type, _created = DocumentType.objects.get_or_create(
        code=code, defaults={"name": name, "abbreviation": abbreviation}
    )
    return doc_type


def signature_for(issuer, on, *, signer=None):
    """The signature block: the chosen signer, else the issuer's first signer valid `on`,
    else (a unit's own papers) the unit's head."""
    signer = signer or issuer.signers.active_on(on).first()
    if signer is not None:
        return signature_block(
            authority=signer.authority,
            authority_of=signer.authority_of,
            position=signer.position,
            full_name=signer.full_name,
        )
    if issuer.unit_id:
        head = (
            User.objects.filter(unit_id=issuer.unit_id, role=Role.UNIT_HEAD, is_active=True)
            .order_by("pk")
            .first()
        )
        if head is not None:
            return signature_block(
                position=head.position or _("Thủ trưởng đơn vị"), full_name=head.full_name
            )
        unit = issuer.unit
        return signature_block(
            position=unit.head_title or _("Thủ trưởng đơn vị"), full_name=unit.head_name
        )
    return signature_block()


# --- Requesting, issuing, regenerating, retrying -------------------------------------


def request_document(kind, source, *, by):
    """Freeze the source's current content as a new draft version and queue its render.

    Refuses users the kind does not let request it. Side effects: a queued
    GeneratedDocument (no number: drafts are numbered only when issued) and, after
    the commit, the render task.
    """
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if not kind.can_request(by, source):
        raise DocumentError(_("Bạn không có quyền tạo văn bản này."))
    issuer = kind.issuer(source)
    doc_type = document_type_for(kind)
    today = timezone.localdate()
    snapshot = {
        "letterhead": build_letterhead(
            issuer=issuer,
            doc_type=doc_type,
            title_caps=doc_type.name.upper(),
            orientation=kind.orientation,
            signature=signature_for(issuer, today),
            year=today.year,
        ),
        "content": kind.build_content(source),
    }
    with transaction.atomic():
        return _new_version(
            kind, source, by=by, issuer=issuer, snapshot=snapshot, title=kind.title(source)
        )


def issue_document(draft, *, by, signer=None, today=None):
    """Give a finished draft the next number of its issuer's year and render it as issued.

    Refuses users the kind does not let issue, a version that is not a finished draft,
    a draft already issued, and a signer of another body or out of office. The number
    comes from the issuer's sequence row for the year, locked for the transaction, so
    concurrent issues get distinct consecutive numbers and a failure leaves no gap.
    Side effects: an Issuance (outgoing register entry), a new queued version with the
    draft's content, a transition record and, after the commit, the render task.
    """
    kind = get_kind(draft.kind)
    source = draft.source
    if not kind.can_issue(by, source):
        raise DocumentError(_("Bạn không có quyền phát hành văn bản này."))
    if not draft.is_draft:
        raise DocumentError(_("Văn bản này đã có số %(ref)s.") % {"ref": draft.reference})
    if draft.status != Status.DONE:
        raise DocumentError(_("Bản dự thảo chưa tạo xong, chưa phát hành được."))
    today = today or timezone.localdate()
    if signer is not None and (
        signer.issuer_id != draft.issuer_id or signer not in draft.issuer.signers.active_on(today)
    ):
        raise DocumentError(_("Người ký không thuộc cơ quan ban hành hoặc đã hết thời hạn."))
    doc_type = document_type_for(kind)
    signature = signature_for(draft.issuer, today, signer=signer)
    try:
        return _retry_if_sqlite_busy(
            lambda: _issue(
                draft, kind, source, doc_type, signature, by=by, signer=signer, today=today
            )
        )
    except IntegrityError as error:  # a concurrent issue of the same draft won
        raise DocumentError(_("Bản dự thảo này đã được phát hành.")) from error


def _issue(draft, kind, source, doc_type, signature, *, by, signer, today):
    with transaction.atomic():
        if Issuance.objects.filter(draft=draft).exists():
            raise DocumentError(_("Bản dự thảo này đã được phát hành."))
        number = allocate_number(draft.issuer, today.year)
        issuance = Issuance.objects.create(
            issuer=draft.issuer,
            doc_type=doc_type,
            year=today.year,
            number=number,
            issued_on=today,
            issued_by=by,
            signer=signer,
            draft=draft,
        )
        letterhead = build_letterhead(
            issuer=draft.issuer,
            doc_type=doc_type,
            title_caps=doc_type.name.upper(),
            orientation=kind.orientation,
            signature=signature,
            number=number,
            issued_on=today,
            year=today.year,
        )
        snapshot = {"letterhead": letterhead, "content": draft.snapshot["content"]}
        document = _new_version(
            kind,
            source,
            by=by,
            issuer=draft.issuer,
            snapshot=snapshot,
            title=draft.title,
            issuance=issuance,
        )
        record_transition(
            document, by=by, from_state="draft", to_state="issued", comment=issuance.reference
        )
    return document


def allocate_number(issuer, year):
    """The next number of `issuer` in `year`; call inside the transaction that uses it."""
    NumberSequence.objects.get_or_create(issuer=issuer, year=year)
    sequence = NumberSequence.objects.select_for_update().get(issuer=issuer, year=year)
    sequence.last_number = F("last_number") + 1
    sequence.save(update_fields=["last_number"])
    sequence.refresh_from_db(fields=["last_number"])
    return sequence.last_number


def _retry_if_sqlite_busy(action, attempts=20):
    """SQLite has no row locks: a second writer gets "database is locked" instead of
    waiting, so the embedded mode retries the whole transaction after a short pause."""
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError as error:
            if (
                connection.vendor != "sqlite"
                or "locked" not in str(error)
                or attempt == attempts - 1
            ):
                raise
            time.sleep(0.02 * (attempt + 1))
    return None


def regenerate_document(document, *, by):
    """Render a done or failed version's frozen content again as a new version.

    Refuses users who may not request the kind. The new version keeps the number and
    date of an issued document (same paper, rendered again); every old version and
    its hash stay downloadable.
    """
    kind = get_kind(document.kind)
    source = document.source
    allowed = kind.can_issue(by, source) if document.issuance_id else kind.can_request(by, source)
    if not allowed:
        raise DocumentError(_("Bạn không có quyền tạo lại văn bản này."))
    with transaction.atomic():
        return _new_version(
            kind,
            source,
            by=by,
            issuer=document.issuer,
            snapshot=document.snapshot,
            title=document.title,
            issuance=document.issuance,
        )


def retry_document(document, *, by):
    """Queue a failed version again (same row, same snapshot).

    Refuses users who may not view the kind and versions that have not failed.
    """
    kind = get_kind(document.kind)
    if not kind.can_view(by, document.source):
        raise DocumentError(_("Bạn không có quyền với văn bản này."))
    with transaction.atomic():
        queued = GeneratedDocument.objects.filter(pk=document.pk, status=Status.FAILED).update(
            status=Status.QUEUED, progress=0
        )
        if not queued:
            raise DocumentError(_("Chỉ chạy lại được văn bản bị lỗi."))
        _enqueue_after_commit(document.pk)
    document.refresh_from_db()
    return document


def _new_version(kind, source, *, by, issuer, snapshot, title, issuance=None):
    content_type = ContentType.objects.get_for_model(source)
    versions = GeneratedDocument.objects.filter(
        kind=kind.code, content_type=content_type, object_id=source.pk
    )
    for attempt in range(5):
        latest = versions.aggregate(latest=Max("version"))["latest"] or 0
        try:
            with transaction.atomic():
                document = GeneratedDocument.objects.create(
                    kind=kind.code,
                    content_type=content_type,
                    object_id=source.pk,
                    version=latest + 1,
                    title=title[:300],
                    issuer=issuer,
                    issuance=issuance,
                    snapshot=snapshot,
                    requested_by=by,
                )
            break
        except IntegrityError:  # a concurrent request took this version number
            if attempt == 4:
                raise
    _enqueue_after_commit(document.pk)
    return document


def _enqueue_after_commit(document_id):
    from .tasks import render_document as render_task

    transaction.on_commit(lambda: render_task.delay(document_id=document_id))


# --- Rendering (runs in the Celery worker) ------------------------------------------


def render_document(document_id):
    """Render one version to PDF and DOCX and mark it done; safe to run twice.

    Claims the row (queued, running after a lost worker, or failed → running, one more
    attempt); a done version is left as it is. Files are written under temporary names
    and moved into place, then hashes, files and status are recorded in one
    transaction, only if this attempt still owns the row. Any failure removes this
    attempt's files and marks the version failed with the error: nothing half-written
    is ever marked done. Returns the version, or None if it does not exist.
    """
    claimed = (
        GeneratedDocument.objects.filter(pk=document_id)
        .exclude(status=Status.DONE)
        .update(
            status=Status.RUNNING, attempts=F("attempts") + 1, progress=5, started_at=timezone.now()
        )
    )
    document = GeneratedDocument.objects.filter(pk=document_id).first()
    if not claimed or document is None:
        return document
    attempt = document.attempts
    mine = GeneratedDocument.objects.filter(pk=document_id, attempts=attempt)
    written = []
    try:
        kind = get_kind(document.kind)
        html = render_html(kind.template, document.snapshot)
        mine.update(progress=15)
        pdf, pages = html_to_pdf(html, on_layout=lambda: mine.update(progress=70))
        mine.update(progress=85)
        docx = html_to_docx(
            html, orientation=document.snapshot["letterhead"].get("orientation", "portrait")
        )
        stem = f"documents/{timezone.localdate().year}/{uuid.uuid4().hex}"
        storage = GeneratedDocument.pdf.field.storage
        pdf_name = _write_atomically(storage, f"{stem}.pdf", pdf, written)
        docx_name = _write_atomically(storage, f"{stem}.docx", docx, written)
        with transaction.atomic():
            done = mine.filter(status=Status.RUNNING).update(
                status=Status.DONE,
                progress=100,
                pdf=pdf_name,
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                docx=docx_name,
                docx_sha256=hashlib.sha256(docx).hexdigest(),
                page_count=pages,
                finished_at=timezone.now(),
                error="",
            )
        if not done:  # a later attempt owns the row now; its files count, not ours
            _remove(storage, written)
    except Exception as error:  # every failure must end as "failed", never as a half "done"
        logger.exception("Rendering document %s failed", document_id)
        _remove(GeneratedDocument.pdf.field.storage, written)
        mine.exclude(status=Status.DONE).update(
            status=Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
    return GeneratedDocument.objects.get(pk=document_id)


def _write_atomically(storage, name, data, written):
    """Write `data` under a temporary name and move it to `name` (same folder, one rename)."""
    temporary = storage.save(f"{name}.part", ContentFile(data))
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


def _remove(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not remove %s", name)
