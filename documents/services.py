"""The document pipeline: request a draft, issue it with a number, render it, retry it,
and print many documents as one (bundles).

A request freezes the source's content and the letterhead as JSON in a new
GeneratedDocument version and queues the render task after the commit. Rendering
reads only that snapshot, so retries are idempotent and an issued version can be
rendered again (a new version) with exactly the content that was issued. The PDF task
queues the DOCX task once the PDF is done: the PDF is downloadable as soon as
WeasyPrint has finished, and the DOCX is written from the same snapshot.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import remove_files, save_atomically
from core.heartbeat import beating, stale_before
from core.heartbeat import queued_before as queued_since
from core.models import Version
from core.queue import enqueue, enqueue_on_commit
from core.services import record_transition
from core.text import short_date
from units.models import Role, Tier, User

from .kinds import get_kind
from .letterhead import build_letterhead, committee_fields, signature_block
from .merging import merge_with_contents
from .models import (
    BundlePart,
    DocumentBundle,
    DocumentType,
    GeneratedDocument,
    Issuance,
    IssuingBody,
    NumberSequence,
)
from .permissions import can_bundle
from .rendering import html_to_pdf, render_html
from .word import html_to_docx

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status
CONNECTORS = {"và", "-", "–", "của"}


class DocumentError(Exception):
    """A refused document action; the message is shown to the user."""


# --- Issuing bodies, types, signers -------------------------------------------------


def issuer_for_unit(unit, *, campaign=None, parent=None):
    """The issuing body of `unit`, derived from the unit's data on first use.

    A district agency's parent is `parent`, else the body that issued the campaign's
    plan (UBND huyện …, its first plan-issuer assignment); the abbreviation is guessed
    from the name and stays editable.
    """
    body = IssuingBody.objects.select_related("parent").filter(unit=unit).first()
    if body is not None:
        return body
    if unit.tier != Tier.DISTRICT_AGENCY:
        parent = None
    elif parent is None and campaign is not None:
        parent = campaign.founding_authority()
    # A commune's People's Committee issues under its own full name (committee_fields).
    fields = committee_fields(unit.name) if unit.tier == Tier.COMMUNE else {"name": unit.name}
    try:
        with transaction.atomic():
            return IssuingBody.objects.create(
                code=f"don-vi-{unit.code}"[:60],
                **fields,
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
    else the head of the issuer's unit, "TM." the body when it works as a collective."""
    signer = signer or issuer.signers.active_on(on).first()
    if signer is not None:
        return signature_block(
            authority=signer.authority,
            authority_of=signer.authority_of,
            position=signer.position,
            full_name=signer.full_name,
        )
    if issuer.collective_name:
        return signature_block(
            authority="TM.",
            authority_of=issuer.collective_name,
            position=issuer.head_position or _("Thủ trưởng đơn vị"),
            full_name=_head(issuer)[1],
        )
    if issuer.unit_id:
        position, name = _head(issuer)
        return signature_block(position=position or _("Thủ trưởng đơn vị"), full_name=name)
    return signature_block()


def _head(issuer):
    """(position, name) of the head of a body's unit: its active unit head, else the
    unit's own data; empty without a unit."""
    if not issuer.unit_id:
        return "", ""
    head = (
        User.objects.filter(unit_id=issuer.unit_id, role=Role.UNIT_HEAD, is_active=True)
        .order_by("pk")
        .first()
    )
    if head is not None:
        return head.position, head.full_name
    return issuer.unit.head_title, issuer.unit.head_name


def check_issuer_in_force(issuer, on):
    """Refuse a paper dated `on` from a body not in force that day, naming its successor.

    Bodies end with the units behind them (the 1/7/2025 mergers, the end of the district
    level): a paper dated after that must come from the body that took over.
    """
    if issuer.is_active_on(on):
        return
    day = short_date(on)
    if issuer.valid_from and on < issuer.valid_from:
        raise DocumentError(
            _(
                "“%(body)s” chỉ ban hành văn bản từ ngày %(start)s; không ban hành được văn bản ngày %(day)s."
            )
            % {"body": issuer.sentence_name, "start": short_date(issuer.valid_from), "day": day}
        )
    successor = successor_name(issuer, on)
    message = _("“%(body)s” chỉ ban hành văn bản đến hết ngày %(end)s") % {
        "body": issuer.sentence_name,
        "end": short_date(issuer.valid_to),
    }
    if successor:
        raise DocumentError(
            message
            + _("; văn bản ngày %(day)s do %(successor)s ban hành.")
            % {"day": day, "successor": successor}
        )
    raise DocumentError(
        message
        + _("; chưa có cơ quan kế thừa cho ngày %(day)s (quản trị hệ thống cần khai báo).")
        % {"day": day}
    )


def successor_name(issuer, on):
    """The name of whoever issues in `issuer`'s place on `on`: a successor body, else the
    unit that succeeded the body's unit, else ''."""
    body = issuer.successor_on(on)
    if body is not None:
        return f"“{body.sentence_name}”"
    unit = issuer.unit
    seen = set()
    while unit is not None and unit.pk not in seen and not unit.is_active_on(on):
        seen.add(unit.pk)
        unit = unit.successor
    if unit is not None and unit.pk != issuer.unit_id:
        return f"“{unit.name}”"
    return ""


def check_cited_facts(kind, source, on):
    """Refuse a paper dated `on` that cites a fact of a later date (issue 9: an issued
    paper's date never precedes the facts it cites), naming the fact and its date."""
    for what, day in kind.cites(source) if kind.cites else []:
        if day is not None and on < day:
            raise DocumentError(
                _(
                    "Văn bản ngày %(on)s không thể dẫn %(what)s ngày %(day)s: ngày ban hành phải "
                    "từ ngày %(day)s trở đi."
                )
                % {"on": short_date(on), "what": what, "day": short_date(day)}
            )


def signer_in_office(issuer, on):
    """The issuer's first signer in office on `on`; refuses when the body has signers but
    none in office that day. None when it has none (a unit signs through its head)."""
    signer = issuer.signers.active_on(on).first()
    if signer is None and issuer.signers.exists():
        raise DocumentError(
            _("“%(body)s” không có người ký đương nhiệm ngày %(day)s; cần khai báo người ký.")
            % {"body": issuer.sentence_name, "day": short_date(on)}
        )
    return signer


# --- Requesting, issuing, regenerating, retrying -------------------------------------


def with_fingerprint(content, source):
    """The content with the fingerprint of the source's frozen version when the paper prints
    what the unit sent (a sent, not editable, unit document): `frozen` in print/base.html."""
    if getattr(source, "is_editable", True):
        return content
    version = Version.objects.for_object(source).exclude(sha256="").order_by("-number").first()
    if version is not None:
        content["frozen"] = {"number": version.number, "sha256": version.sha256}
    return content


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
    check_issuer_in_force(issuer, today)
    snapshot = {
        "letterhead": build_letterhead(
            issuer=issuer,
            doc_type=doc_type,
            title_caps=doc_type.name.upper(),
            orientation=kind.orientation,
            signature=signature_for(issuer, today),
            year=today.year,
        ),
        "content": with_fingerprint(kind.build_content(source), source),
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
    check_issuer_in_force(draft.issuer, today)
    check_cited_facts(kind, source, today)
    if signer is not None and (
        signer.issuer_id != draft.issuer_id or signer not in draft.issuer.signers.active_on(today)
    ):
        raise DocumentError(
            _("Người ký không thuộc cơ quan ban hành hoặc không đương nhiệm ngày %(day)s.")
            % {"day": short_date(today)}
        )
    signer = signer or signer_in_office(draft.issuer, today)
    doc_type = document_type_for(kind)
    signature = signature_for(draft.issuer, today, signer=signer)
    try:
        return _issue(draft, kind, source, doc_type, signature, by=by, signer=signer, today=today)
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


def file_issued_paper(kind, source, *, number, issued_on, by):
    """File a paper issued on paper before the portal had it (its number already in the
    register book): one issued version built as on `issued_on` (that day's letterhead and
    signer), its Issuance with the recorded `number`, the issuer's sequence raised past it.
    The version is its own register entry (there never was a portal draft). Renders after
    the commit like any paper. Refuses a number the register already holds."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    issuer = kind.issuer(source)
    doc_type = document_type_for(kind)
    signer = signer_in_office(issuer, issued_on)
    with transaction.atomic():
        if Issuance.objects.filter(issuer=issuer, year=issued_on.year, number=number).exists():
            raise DocumentError(
                _("Số %(number)s năm %(year)s đã có trong sổ văn bản đi.")
                % {"number": number, "year": issued_on.year}
            )
        sequence, _created = NumberSequence.objects.select_for_update().get_or_create(
            issuer=issuer, year=issued_on.year
        )
        sequence.last_number = max(sequence.last_number, number)
        sequence.save(update_fields=["last_number"])
        snapshot = {
            "letterhead": build_letterhead(
                issuer=issuer,
                doc_type=doc_type,
                title_caps=doc_type.name.upper(),
                orientation=kind.orientation,
                signature=signature_for(issuer, issued_on, signer=signer),
                number=number,
                issued_on=issued_on,
                year=issued_on.year,
            ),
            "content": kind.build_content(source),
        }
        document = _new_version(
            kind, source, by=by, issuer=issuer, snapshot=snapshot, title=kind.title(source)
        )
        issuance = Issuance.objects.create(
            issuer=issuer,
            doc_type=doc_type,
            year=issued_on.year,
            number=number,
            issued_on=issued_on,
            issued_by=by,
            signer=signer,
            draft=document,
        )
        GeneratedDocument.objects.filter(pk=document.pk).update(issuance=issuance)
        document.issuance = issuance
        record_transition(
            document, by=by, from_state="paper", to_state="issued", comment=issuance.reference
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
    """Queue a failed version again (same row, same snapshot): its PDF, or else its DOCX.

    Refuses users who may not view the kind and versions where nothing has failed.
    """
    kind = get_kind(document.kind)
    if not kind.can_view(by, document.source):
        raise DocumentError(_("Bạn không có quyền với văn bản này."))
    versions = GeneratedDocument.objects.filter(pk=document.pk)
    with transaction.atomic():
        # A new allowance of attempts from here (settings.MAX_RENDER_ATTEMPTS).
        if versions.filter(status=Status.FAILED).update(
            status=Status.QUEUED, progress=0, attempts_before_retry=F("attempts")
        ):
            _enqueue_after_commit(document.pk)
        elif versions.filter(status=Status.DONE, docx_status=Status.FAILED).update(
            docx_status=Status.QUEUED
        ):
            _enqueue_after_commit(document.pk, docx=True)
        else:
            raise DocumentError(_("Chỉ chạy lại được văn bản bị lỗi."))
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


def _enqueue_after_commit(document_id, *, docx=False):
    from . import tasks

    enqueue_on_commit(tasks.render_docx if docx else tasks.render_document, document_id=document_id)


def _claimable(now=None):
    """Queued, or running with a silent heartbeat (its worker died), within the attempt cap."""
    return Q(status=Status.QUEUED) | Q(status=Status.RUNNING, heartbeat_at__lt=stale_before(now))


def _within_cap():
    return Q(attempts__lt=F("attempts_before_retry") + settings.MAX_RENDER_ATTEMPTS)


def _over_cap_reason():
    return _(
        "Đã thử tạo %(n)s lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian "
        "cho phép). Bấm “Chạy lại” để thử lại."
    ) % {"n": settings.MAX_RENDER_ATTEMPTS}


def _fail_over_cap(queryset):
    """Fail the versions of `queryset` that used every attempt, with the reason; return how many."""
    return queryset.exclude(_within_cap()).update(
        status=Status.FAILED, error=_over_cap_reason(), finished_at=timezone.now()
    )


# --- Rendering (runs in the Celery worker) ------------------------------------------


def render_document(document_id):
    """Render one version to PDF and mark it done; safe to run twice.

    Claims the row (queued, or running with a silent heartbeat: its worker died → running,
    one more attempt, heartbeat written while it runs); a done, failed or live running
    version is left as it is, and one that used settings.MAX_RENDER_ATTEMPTS is failed
    with the reason (the user can run it again). The file is written under a temporary
    name and moved into place, then hash, file and status are recorded in one
    transaction, only if this attempt still owns the row. Any failure removes this
    attempt's file and marks the version failed with the error: nothing half-written
    is ever marked done. Side effect: once done, the DOCX task is queued after the
    commit (the DOCX is its own task so the PDF is ready as soon as WeasyPrint is).
    Returns the version, or None if it does not exist.
    """
    now = timezone.now()
    row = GeneratedDocument.objects.filter(pk=document_id)
    claimed = row.filter(_claimable(now), _within_cap()).update(
        status=Status.RUNNING,
        attempts=F("attempts") + 1,
        progress=5,
        started_at=now,
        heartbeat_at=now,
    )
    if not claimed:
        _fail_over_cap(row.filter(_claimable(now)))
    document = row.first()
    if not claimed or document is None:
        return document
    attempt = document.attempts
    mine = GeneratedDocument.objects.filter(pk=document_id, attempts=attempt)
    storage = GeneratedDocument.pdf.field.storage
    written = []
    try:
        with beating(mine):
            html = render_html(get_kind(document.kind).template, document.snapshot)
            # Layout is about 80 % of the render (toolchain notes §3): one step is worth showing.
            pdf, pages = html_to_pdf(html, on_layout=lambda: mine.update(progress=70))
            pdf_name = _write_atomically(storage, f"{_file_stem()}.pdf", pdf, written)
            with transaction.atomic():
                done = mine.filter(status=Status.RUNNING).update(
                    status=Status.DONE,
                    progress=100,
                    pdf=pdf_name,
                    pdf_sha256=hashlib.sha256(pdf).hexdigest(),
                    page_count=pages,
                    finished_at=timezone.now(),
                    error="",
                    docx_status=Status.QUEUED,
                )
                if done:
                    _enqueue_after_commit(document_id, docx=True)
            if not done:  # a later attempt owns the row now; its file counts, not ours
                _remove(storage, written)
    except Exception as error:  # every failure must end as "failed", never as a half "done"
        logger.exception("Rendering document %s failed", document_id)
        _remove(storage, written)
        mine.exclude(status=Status.DONE).update(
            status=Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
    return GeneratedDocument.objects.get(pk=document_id)


def render_docx(document_id):
    """Write the DOCX twin of a done version from the very HTML its PDF was made of.

    Same guarantees as render_document, on the DOCX fields: claims a version whose PDF
    is done and whose DOCX is not, writes under a temporary name, records file, hash and
    status only if this attempt still owns the row, and marks the DOCX failed (the PDF
    stays done and downloadable) on any error. Returns the version, or None.
    """
    now = timezone.now()
    row = GeneratedDocument.objects.filter(pk=document_id, status=Status.DONE)
    # A DOCX whose worker died is taken again up to the cap, then failed with the reason.
    dead = Q(docx_status=Status.RUNNING, heartbeat_at__lt=stale_before(now))
    claimed = row.filter(
        Q(docx_status=Status.QUEUED) | (dead & Q(docx_attempts__lt=settings.MAX_RENDER_ATTEMPTS))
    ).update(docx_status=Status.RUNNING, docx_attempts=F("docx_attempts") + 1, heartbeat_at=now)
    if not claimed:
        row.filter(dead).update(docx_status=Status.FAILED, docx_error=_over_cap_reason())
    document = GeneratedDocument.objects.filter(pk=document_id).first()
    if not claimed or document is None:
        return document
    mine = GeneratedDocument.objects.filter(
        pk=document_id, docx_attempts=document.docx_attempts, docx_status=Status.RUNNING
    )
    storage = GeneratedDocument.docx.field.storage
    written = []
    try:
        with beating(mine):
            html = render_html(get_kind(document.kind).template, document.snapshot)
            docx = html_to_docx(
                html, orientation=document.snapshot["letterhead"].get("orientation", "portrait")
            )
            name = _write_atomically(storage, f"{_file_stem()}.docx", docx, written)
            with transaction.atomic():
                done = mine.update(
                    docx_status=Status.DONE,
                    docx=name,
                    docx_sha256=hashlib.sha256(docx).hexdigest(),
                    docx_error="",
                )
            if not done:
                _remove(storage, written)
    except Exception as error:  # the DOCX fails alone; the PDF stays done
        logger.exception("Writing the DOCX of document %s failed", document_id)
        _remove(storage, written)
        mine.update(docx_status=Status.FAILED, docx_error=f"{type(error).__name__}: {error}"[:2000])
    return GeneratedDocument.objects.get(pk=document_id)


def _file_stem():
    return f"documents/{timezone.localdate().year}/{uuid.uuid4().hex}"


def _write_atomically(storage, name, data, written):
    return save_atomically(storage, name, data, written)


def _remove(storage, names):
    remove_files(storage, names)


# --- Bundles: many documents printed as one PDF (bulk printing) -----------------------

BundleStatus = DocumentBundle.Status


def request_bundle(title, parts, *, by, subtitle=""):
    """Print many documents as one PDF: a contents page, then each document in the order given.

    `parts` holds GeneratedDocument versions (printed as they are; a failed one is queued
    again) and (kind code, source) pairs (a new draft version is requested for each, as
    request_document does). Refuses users outside the office, the council and the
    admins, an empty list, and a part the user may not view (or, for a source, request).
    Side effects: the new versions and their render tasks (one task per document: the
    fan-out), the bundle and its parts, and after the commit a recount that queues the
    merge at once if every part is already done.
    """
    if not can_bundle(by):
        raise DocumentError(_("Bạn không có quyền in gộp văn bản."))
    if not parts:
        raise DocumentError(_("Chưa chọn văn bản nào để in gộp."))
    with transaction.atomic():
        documents = [_bundle_document(part, by=by) for part in parts]
        bundle = DocumentBundle.objects.create(
            title=title[:300], subtitle=subtitle[:300], parts_total=len(documents), requested_by=by
        )
        BundlePart.objects.bulk_create(
            BundlePart(bundle=bundle, document=document, order=order)
            for order, document in enumerate(documents, start=1)
        )
        transaction.on_commit(lambda: advance_bundle(bundle.pk), robust=True)
    return bundle


def _bundle_document(part, *, by):
    if isinstance(part, GeneratedDocument):
        kind = get_kind(part.kind)
        if not kind.can_view(by, part.source):
            raise DocumentError(
                _("Bạn không có quyền xem văn bản “%(title)s”.") % {"title": part.title}
            )
        if GeneratedDocument.objects.filter(pk=part.pk, status=Status.FAILED).update(
            status=Status.QUEUED, progress=0
        ):
            _enqueue_after_commit(part.pk)
        return part
    kind_code, source = part
    return request_document(kind_code, source, by=by)


def advance_bundle(bundle_id):
    """Recount a bundle's finished parts: fail it on a failed part, queue the merge when all are done.

    Called after the request and after each part's final render. A recount, not an
    increment, so a task delivered twice counts once; the bundle row is locked for the
    transaction, so two parts finishing together queue a single merge. Acts only on a
    bundle still waiting for its parts. Returns the bundle, or None if it is not waiting.
    """
    with transaction.atomic():
        bundle = (
            DocumentBundle.objects.select_for_update()
            .filter(pk=bundle_id, status=BundleStatus.QUEUED)
            .first()
        )
        if bundle is None:
            return None
        parts = list(
            bundle.parts.order_by("order").values_list(
                "document__status", "document__title", "document__version", "document__error"
            )
        )
        bundle.parts_done = sum(1 for status, *_rest in parts if status == Status.DONE)
        failed = next((part for part in parts if part[0] == Status.FAILED), None)
        if failed is not None:
            _status, title, version, error = failed
            bundle.status = BundleStatus.FAILED
            bundle.error = _(
                "Văn bản “%(title)s” (phiên bản %(version)s) không tạo được: %(error)s"
            ) % {"title": title, "version": version, "error": error}
            bundle.finished_at = timezone.now()
        elif bundle.parts_done == bundle.parts_total:
            bundle.status = BundleStatus.MERGING
            _enqueue_merge_after_commit(bundle.pk)
        bundle.save(update_fields=["parts_done", "status", "error", "finished_at"])
    return bundle


def advance_bundles_of(document_id):
    """Advance every bundle waiting for the version `document_id` (its render is final)."""
    waiting = (
        BundlePart.objects.filter(document_id=document_id, bundle__status=BundleStatus.QUEUED)
        .values_list("bundle_id", flat=True)
        .distinct()
    )
    for bundle_id in list(waiting):
        advance_bundle(bundle_id)


def retry_bundle(bundle, *, by):
    """Try a failed bundle again: its failed parts are queued again, then it is recounted.

    Refuses users who may not bundle and bundles that have not failed. A failed merge
    with every part done goes straight back to merging.
    """
    if not can_bundle(by):
        raise DocumentError(_("Bạn không có quyền in gộp văn bản."))
    with transaction.atomic():
        reset = DocumentBundle.objects.filter(pk=bundle.pk, status=BundleStatus.FAILED).update(
            status=BundleStatus.QUEUED, error="", finished_at=None, attempts=0, heartbeat_at=None
        )
        if not reset:
            raise DocumentError(_("Chỉ chạy lại được bản in gộp bị lỗi."))
        failed = GeneratedDocument.objects.filter(
            bundle_parts__bundle=bundle, status=Status.FAILED
        ).values_list("pk", flat=True)
        for document_id in list(failed):
            GeneratedDocument.objects.filter(pk=document_id, status=Status.FAILED).update(
                status=Status.QUEUED, progress=0
            )
            _enqueue_after_commit(document_id)
        transaction.on_commit(lambda: advance_bundle(bundle.pk), robust=True)
    bundle.refresh_from_db()
    return bundle


def _enqueue_merge_after_commit(bundle_id):
    from .tasks import merge_bundle as merge_task

    enqueue_on_commit(merge_task, bundle_id=bundle_id)


def merge_bundle(bundle_id):
    """Merge a bundle's done parts behind a contents page into one PDF; safe to run twice.

    Claims a merging bundle that waits for a worker, or whose heartbeat stopped (its
    worker died), like render_document claims a version: one more attempt, heartbeat
    written while it runs, failed with the reason after settings.MAX_RENDER_ATTEMPTS
    (the user can run it again); a live merge is left to its worker. Writes the file
    under a temporary name, then records file, hash, page count, each part's first page
    and "done" in one transaction only if this attempt still owns the row. Any failure
    removes the file and marks the bundle failed with the error. Returns the bundle, or None.
    """
    now = timezone.now()
    row = DocumentBundle.objects.filter(pk=bundle_id)
    claimed = row.filter(_merge_claimable(now), attempts__lt=settings.MAX_RENDER_ATTEMPTS).update(
        attempts=F("attempts") + 1, heartbeat_at=now
    )
    if not claimed:
        _fail_merges_over_cap(row.filter(_merge_claimable(now)))
    bundle = row.first()
    if not claimed or bundle is None:
        return bundle
    mine = DocumentBundle.objects.filter(
        pk=bundle_id, status=BundleStatus.MERGING, attempts=bundle.attempts
    )
    storage = DocumentBundle.pdf.field.storage
    written = []
    try:
        with beating(mine):
            _merge_into(bundle, mine, storage, written)
    except Exception as error:  # a failed merge never leaves a file behind a "done"
        logger.exception("Merging bundle %s failed", bundle_id)
        _remove(storage, written)
        mine.update(
            status=BundleStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
    return DocumentBundle.objects.get(pk=bundle_id)


def _merge_claimable(now):
    """Merging, and waiting for a worker or with a silent heartbeat (its worker died)."""
    return Q(status=BundleStatus.MERGING) & (
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale_before(now))
    )


def _fail_merges_over_cap(queryset):
    """Fail the merges of `queryset` that used every attempt, with the reason; return how many."""
    return queryset.filter(attempts__gte=settings.MAX_RENDER_ATTEMPTS).update(
        status=BundleStatus.FAILED, error=_over_cap_reason(), finished_at=timezone.now()
    )


def _merge_into(bundle, mine, storage, written):
    """Write the merged PDF of `bundle` and record it on `mine` (this attempt's row)."""
    parts = list(bundle.parts.select_related("document").order_by("order"))
    contents = []
    for part in parts:
        with part.document.pdf.open("rb") as handle:
            contents.append(
                {
                    "title": part.document.title,
                    "reference": part.document.reference,
                    "pdf": handle.read(),
                }
            )
    pdf, pages, starts = merge_with_contents(bundle.title, contents, subtitle=bundle.subtitle)
    name = _write_atomically(storage, f"{_file_stem()}-tap.pdf", pdf, written)
    with transaction.atomic():
        done = mine.update(
            status=BundleStatus.DONE,
            pdf=name,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            page_count=pages,
            finished_at=timezone.now(),
            error="",
        )
        if done:
            for part, start in zip(parts, starts, strict=True):
                part.start_page = start
            BundlePart.objects.bulk_update(parts, ["start_page"])
    if not done:
        _remove(storage, written)


# --- Recovery of lost tasks (the sweep, core.tasks.sweep) ---------------------------


def requeue_stale_documents(*, now=None):
    """Sweep: send again the renders and merges whose task was lost; return how many.

    A task can be lost between the commit and the broker (Redis down) or with its worker
    (killed, out of memory). Sent again: versions queued for more than settings.SWEEP_QUEUED_GRACE_SECONDS,
    versions running whose heartbeat stopped (their worker died: queued again, or failed
    with the reason once they used settings.MAX_RENDER_ATTEMPTS), DOCX twins likewise,
    bundles waiting for parts (recounted), and merges whose heartbeat stopped or that
    wait for a worker since before the grace (the same attempt cap). Rendering is idempotent and only the attempt that owns the row records a
    result, so a duplicate is harmless.
    """
    from . import tasks

    now = now or timezone.now()
    queued_before = queued_since(now)
    stale = stale_before(now)
    dead = GeneratedDocument.objects.filter(status=Status.RUNNING, heartbeat_at__lt=stale)
    _fail_over_cap(dead)
    dead_ids = list(dead.values_list("pk", flat=True)[:500])
    GeneratedDocument.objects.filter(pk__in=dead_ids).update(status=Status.QUEUED, progress=0)
    stale_pdf = list(
        GeneratedDocument.objects.filter(
            Q(pk__in=dead_ids) | Q(status=Status.QUEUED, requested_at__lt=queued_before)
        )
        .filter(status=Status.QUEUED)
        .values_list("pk", flat=True)[:500]
    )
    stale_docx = list(
        GeneratedDocument.objects.filter(status=Status.DONE)
        .filter(
            Q(docx_status=Status.QUEUED, finished_at__lt=queued_before)
            | Q(docx_status=Status.RUNNING, heartbeat_at__lt=stale)
        )
        .values_list("pk", flat=True)[:500]
    )
    for pk in stale_pdf:
        enqueue(tasks.render_document, document_id=pk)
    for pk in stale_docx:
        enqueue(tasks.render_docx, document_id=pk)
    waiting = list(
        DocumentBundle.objects.filter(
            status=BundleStatus.QUEUED, requested_at__lt=queued_before
        ).values_list("pk", flat=True)
    )
    for bundle_id in waiting:
        advance_bundle(bundle_id)
    # Merges whose worker died (heartbeat silent) or whose task may be lost (waiting for
    # a worker since before the grace; a duplicate finds the merge claimed and stops).
    lost_merges = DocumentBundle.objects.filter(
        Q(status=BundleStatus.MERGING, heartbeat_at__lt=stale)
        | Q(status=BundleStatus.MERGING, heartbeat_at__isnull=True, requested_at__lt=queued_before)
    )
    _fail_merges_over_cap(lost_merges)
    merging = list(lost_merges.values_list("pk", flat=True)[:500])
    for bundle_id in merging:
        enqueue(tasks.merge_bundle, bundle_id=bundle_id)
    count = len(stale_pdf) + len(stale_docx) + len(merging)
    if count:
        logger.warning(
            "Requeued %s PDF, %s DOCX renders and %s merges",
            len(stale_pdf),
            len(stale_docx),
            len(merging),
        )
    return count
