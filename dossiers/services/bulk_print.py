"""Bulk print of a meeting's dossiers: one background job, one part per dossier, a merge."""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import remove_files, save_atomically
from core.heartbeat import beating, queued_before, stale_before
from core.queue import enqueue, enqueue_on_commit
from core.services import notify_users
from core.text import short_date

from .. import printing
from ..models import BulkPrint, BulkPrintPart, CouncilMeeting
from ..papers import issued_letters
from ..permissions import can_bulk_print
from ..queries import meeting_dossiers, meeting_nominees
from .common import DossierError

logger = logging.getLogger(__name__)


def start_bulk_print(meeting, *, by, now=None):
    """Print every dossier of a meeting into one PDF in the background (admin or council).

    Refuses other roles, a meeting with nothing to print and a second print of the same
    meeting while one runs. Creates the job with one part per dossier and, after the
    commit, one render task per part; the last part to finish queues the merge.
    """
    from ..tasks import render_bulk_part as render_task

    if not can_bulk_print(by):
        raise DossierError(_("Chỉ Hội đồng và quản trị hệ thống mới in toàn bộ hồ sơ."))
    with transaction.atomic():
        meeting = CouncilMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.prints.filter(status=BulkPrint.Status.RUNNING).exists():
            raise DossierError(_("Đang in hồ sơ của phiên họp này; chờ bản in xong."))
        dossiers = meeting_dossiers(meeting)
        if not dossiers:
            raise DossierError(_("Phiên họp không có hồ sơ nào để in."))
        job = BulkPrint.objects.create(
            meeting=meeting,
            total=len(dossiers),
            requested_by=by,
            requested_at=now or timezone.now(),
        )
        BulkPrintPart.objects.bulk_create(
            BulkPrintPart(job=job, proposal=proposal, order=index)
            for index, (proposal, _nominees) in enumerate(dossiers, start=1)
        )
        for part_id in job.parts.values_list("pk", flat=True):
            enqueue_on_commit(render_task, part_id=part_id)
    return job


def cancel_bulk_print(job, *, by, now=None):
    """Cancel a running bulk print, so that the meeting can be printed again at once.

    Refuses users who may not print and prints that are no longer running. Parts still
    waiting are not printed; a part being printed finishes, but nothing is merged.
    """
    if not can_bulk_print(by):
        raise DossierError(_("Chỉ Hội đồng và quản trị hệ thống mới in toàn bộ hồ sơ."))
    with transaction.atomic():
        cancelled = BulkPrint.objects.filter(pk=job.pk, status=BulkPrint.Status.RUNNING).update(
            status=BulkPrint.Status.CANCELLED,
            error=_("Đã huỷ bởi %(name)s.") % {"name": str(by)},
            finished_at=now or timezone.now(),
        )
        if not cancelled:
            raise DossierError(_("Bản in này không còn đang chạy."))
        BulkPrintPart.objects.filter(job_id=job.pk, status=BulkPrintPart.Status.QUEUED).update(
            status=BulkPrintPart.Status.FAILED, error=_("Đã huỷ.")
        )
    job.refresh_from_db()
    return job


def _part_claimable(now=None):
    """Queued, or running with a silent heartbeat (its worker died), of a running print."""
    return Q(job__status=BulkPrint.Status.RUNNING) & (
        Q(status=BulkPrintPart.Status.QUEUED)
        | Q(status=BulkPrintPart.Status.RUNNING, heartbeat_at__lt=stale_before(now))
    )


def render_bulk_part(part_id):
    """Render one dossier of a bulk print to PDF; safe to run twice.

    Claims a queued part, or one whose worker died (its heartbeat stopped), of a print
    still running; a finished or live part is left alone, so a dossier is never counted
    twice. A part that used settings.MAX_RENDER_ATTEMPTS is failed with the reason; any
    other failure marks it failed with the error instead of counting it printed. The
    file is written under a temporary name (no partial file survives a failure). The
    last part to finish queues the merge.
    """
    now = timezone.now()
    part_row = BulkPrintPart.objects.filter(pk=part_id)
    claimed = part_row.filter(
        _part_claimable(now), attempts__lt=settings.MAX_RENDER_ATTEMPTS
    ).update(status=BulkPrintPart.Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now)
    if not claimed:
        if part_row.filter(_part_claimable(now)).update(
            status=BulkPrintPart.Status.FAILED, error=_part_over_cap_reason()
        ):
            _count_bulk_part(part_row.values_list("job_id", flat=True).get())
        return None
    part = BulkPrintPart.objects.select_related("proposal__unit", "job__meeting").get(pk=part_id)
    mine = BulkPrintPart.objects.filter(
        pk=part_id, attempts=part.attempts, status=BulkPrintPart.Status.RUNNING
    )
    written = []
    try:
        with beating(mine):
            nominees = [
                n for n in meeting_nominees(part.job.meeting) if n.proposal_id == part.proposal_id
            ]
            papers = printing.dossier_papers(part.proposal, nominees)
            data, pages = printing.concatenate(
                [printing.paper_pdf(code, src) for code, src in papers]
            )
            name = save_atomically(
                default_storage, f"bulk/parts/{uuid.uuid4().hex}.pdf", data, written
            )
            finished = mine.update(status=BulkPrintPart.Status.DONE, pdf=name, page_count=pages)
        if not finished:  # a later attempt owns the part; its file counts
            remove_files(default_storage, written)
    except Exception as error:  # a dossier that cannot be printed is reported, not skipped
        logger.exception("Bulk print part %s failed", part_id)
        remove_files(default_storage, written)
        finished = mine.update(
            status=BulkPrintPart.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
    if finished:
        _count_bulk_part(part.job_id)
    return part


def _part_over_cap_reason():
    return _(
        "Đã thử in %(n)s lần mà không xong (tiến trình bị dừng hoặc chạy quá thời gian cho phép)."
    ) % {"n": settings.MAX_RENDER_ATTEMPTS}


def _count_bulk_part(job_id):
    """Recount a print's finished parts; the last one queues the merge (once).

    A recount, not an increment: a part counted twice (a task delivered twice, the
    sweep) cannot push the progress past the total.
    """
    from ..tasks import merge_bulk_print as merge_task

    with transaction.atomic():
        # The row lock: concurrent parts count one after the other, and exactly one of
        # them sees the last dossier finished and queues the merge.
        job = BulkPrint.objects.select_for_update().get(pk=job_id)
        before = job.done + job.failed
        statuses = list(job.parts.values_list("status", flat=True))
        job.done = statuses.count(BulkPrintPart.Status.DONE)
        job.failed = statuses.count(BulkPrintPart.Status.FAILED)
        job.save(update_fields=["done", "failed"])
        if job.done + job.failed == job.total and before < job.total:
            enqueue_on_commit(merge_task, job_id=job_id)


def recover_bulk_prints(*, now=None):
    """Sweep: finish every running bulk print whose tasks were lost; return how many sent.

    Sends again the parts still queued a minute after the request (Redis was down at
    the commit), the parts whose heartbeat stopped (their worker died; failed with the
    reason once they used settings.MAX_RENDER_ATTEMPTS) and the merge of a print whose
    parts are all finished. A print therefore always ends done or failed (then printed
    again), or is cancelled by the council.
    """
    from ..tasks import merge_bulk_print as merge_task
    from ..tasks import render_bulk_part as render_task

    now = now or timezone.now()
    running = BulkPrintPart.objects.filter(job__status=BulkPrint.Status.RUNNING)
    lost = list(
        running.filter(
            Q(
                status=BulkPrintPart.Status.QUEUED,
                job__requested_at__lt=queued_before(now),
            )
            | Q(status=BulkPrintPart.Status.RUNNING, heartbeat_at__lt=stale_before(now))
        ).values_list("pk", flat=True)[:500]
    )
    unmerged = [
        job
        for job in BulkPrint.objects.filter(
            status=BulkPrint.Status.RUNNING,
            requested_at__lt=queued_before(now),
        ).prefetch_related("parts")
        if all(p.status in BulkPrintPart.FINISHED for p in job.parts.all())
    ]
    for job in unmerged:
        _count_bulk_part(job.pk)
        enqueue(merge_task, job_id=job.pk)
    for part_id in lost:
        enqueue(render_task, part_id=part_id)
    return len(lost) + len(unmerged)


def merge_bulk_print(job_id):
    """Merge a bulk print's dossiers into one PDF with a table of contents; safe to run twice.

    A job with a failed dossier ends failed, naming the units; nothing half-merged is
    ever marked done.
    """
    job = BulkPrint.objects.select_related("meeting__submission").get(pk=job_id)
    if job.status != BulkPrint.Status.RUNNING:
        return job
    parts = list(job.parts.select_related("proposal__unit"))
    failed = [p for p in parts if p.status != BulkPrintPart.Status.DONE]
    if failed:
        ended = BulkPrint.objects.filter(pk=job_id, status=BulkPrint.Status.RUNNING).update(
            status=BulkPrint.Status.FAILED,
            error=_("Không in được hồ sơ của: %(units)s")
            % {"units": "; ".join(p.proposal.unit.name for p in failed)},
            finished_at=timezone.now(),
        )
        if ended:
            _notify_bulk_print_ended(job)
        return BulkPrint.objects.get(pk=job_id)
    counts = {}
    for nominee in meeting_nominees(job.meeting):
        counts[nominee.proposal_id] = counts.get(nominee.proposal_id, 0) + 1
    letters = issued_letters(p.proposal for p in parts)
    entries = []
    for part in parts:
        with part.pdf.open("rb") as handle:
            data = handle.read()
        entries.append(
            (part.proposal.unit.name, _bulk_details(part, letters, counts), data, part.page_count)
        )
    meeting = job.meeting
    data, pages = printing.merge_with_contents(
        _("Hồ sơ đề nghị khen thưởng năm %(year)s") % {"year": meeting.submission.year},
        _("Phiên họp Hội đồng Thi đua – Khen thưởng ngày %(day)s")
        % {"day": short_date(meeting.held_on)},
        entries,
    )
    name = default_storage.save(f"bulk/{uuid.uuid4().hex}.pdf", ContentFile(data))
    done = BulkPrint.objects.filter(pk=job_id, status=BulkPrint.Status.RUNNING).update(
        status=BulkPrint.Status.DONE,
        pdf=name,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        page_count=pages,
        finished_at=timezone.now(),
    )
    if not done:  # a concurrent merge finished first; its file counts
        default_storage.delete(name)
    else:
        _notify_bulk_print_ended(job)
    return BulkPrint.objects.get(pk=job_id)


def _bulk_details(part, letters, counts):
    """What a dossier holds, as its contents line says: the Tờ trình's number, or that the
    file holds its unnumbered draft ("DỰ THẢO"), never a draft passed off as issued."""
    reports = counts.get(part.proposal_id, 0)
    reference = letters.get(part.proposal_id)
    if reference:
        return _("Tờ trình số %(ref)s và %(n)s báo cáo thành tích") % {
            "ref": reference,
            "n": reports,
        }
    return _("Tờ trình DỰ THẢO (chưa cấp số) và %(n)s báo cáo thành tích") % {"n": reports}


def _notify_bulk_print_ended(job):
    """Tell who asked for a bulk print that it ended, with the way back to it."""
    job.refresh_from_db()
    day = short_date(job.meeting.held_on)
    if job.status == BulkPrint.Status.DONE:
        text = _("Đã in xong hồ sơ phiên họp ngày %(day)s: %(pages)s trang, tải tại đây.") % {
            "day": day,
            "pages": job.page_count,
        }
    else:
        text = _("Không in xong hồ sơ phiên họp ngày %(day)s: %(error)s") % {
            "day": day,
            "error": job.error,
        }
    notify_users(
        [job.requested_by],
        subject=_("In toàn bộ hồ sơ"),
        text=text[:500],
        url=reverse("dossiers:bulk_print_detail", args=[job.pk]),
    )
