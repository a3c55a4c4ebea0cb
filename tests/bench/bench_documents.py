"""Issue 4: a 30-page table document through the pipeline vs plain WeasyPrint on the same HTML.

"Pipeline" is the time until the PDF can be downloaded: the request that snapshots the
data and queues the task, then what the worker does for the PDF (template from the
frozen snapshot, WeasyPrint with the locked-down fetcher, temp-file write, hash, status
updates). The DOCX twin is its own task, queued once the PDF is done, and is timed on
its own. "Plain" is WeasyPrint alone on the very HTML the pipeline renders, with its
default fetcher. All run warm, in one process, in the same run; worker memory is the
peak RSS of a separate process running both tasks.
"""

import datetime
import gc
import os
import statistics
import subprocess
import sys
import time

from . import benchmark

UNITS = 630  # rows of the report's unit table: 30 A4 pages
RUNS = 5  # alternating pipeline-first and plain-first, against drift on a shared machine


def _seed():
    from django.contrib.auth.hashers import make_password

    from documents.models import IssuingBody
    from registrations.models import Campaign, Registration, RegistrationWindow
    from units.models import Role, Tier, Unit, User

    office_unit = Unit.objects.create(
        code="phong-vh-tt", name="Phòng Văn hóa và Thông tin", tier=Tier.DISTRICT_AGENCY
    )
    campaign = Campaign.objects.create(
        name="Phong trào thi đua về chuyển đổi số (đo hiệu năng)",
        issuer_name="UBND huyện Đo Thử",
        locality_name="Đo Thử",
        start_year=2024,
        end_year=2024,
        standing_office=office_unit,
        council_secretariat=office_unit,
    )
    window = RegistrationWindow.objects.create(
        campaign=campaign,
        year=2024,
        opens_on=datetime.date(2024, 1, 1),
        deadline_on=datetime.date(2024, 2, 20),
    )
    district = IssuingBody.objects.create(
        code="ubnd-huyen", name="UBND huyện Đo Thử", abbreviation="UBND", place_name="Đo Thử"
    )
    IssuingBody.objects.create(
        code="vhtt",
        name="Phòng Văn hóa và Thông tin",
        abbreviation="VHTT",
        parent=district,
        unit=office_unit,
        place_name="Đo Thử",
    )
    tiers = [Tier.DISTRICT_AGENCY, Tier.COMMUNE, Tier.ENTERPRISE, Tier.OTHER]
    units = Unit.objects.bulk_create(
        Unit(
            code=f"don-vi-{i}",
            name=f"Đơn vị thử nghiệm số {i} – xã Lùng Khấu Nhin, Tả Ngải Chồ",
            tier=tiers[i % 4],
        )
        for i in range(UNITS)
    )
    office = User.objects.create(
        username="vhtt",
        full_name="Nguyễn Thu Hà",
        role=Role.CULTURE_OFFICE,
        password=make_password(None),
    )
    submitted = datetime.datetime(2024, 2, 10, 9, tzinfo=datetime.UTC)
    Registration.objects.bulk_create(
        Registration(
            window=window,
            unit=unit,
            created_by=office,
            status=("accepted", "submitted", "draft")[i % 3],
            is_late=(i % 5 == 0) if i % 3 != 2 else None,
            first_submitted_at=submitted if i % 3 != 2 else None,
        )
        for i, unit in enumerate(units)
        if i % 7
    )
    return window, office


class _Clock:
    """Wall-clock and CPU seconds of this process for a block (CPU time shrugs off other load)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def _pipeline(window, office):
    """(clock until the PDF is done, clock of the DOCX task, the version).

    Tasks are queued, not run eagerly (the embedded memory broker holds them): each
    task's service is called as the worker would, so the PDF is timed without the DOCX.
    """
    from documents.services import render_document, render_docx, request_document

    with _Clock() as pdf_clock:
        document = request_document("registration_report", window, by=office)
        render_document(document.pk)
    with _Clock() as docx_clock:
        document = render_docx(document.pk)
    assert (document.status, document.docx_status) == ("done", "done"), document.error
    return pdf_clock, docx_clock, document


def _plain(html):
    """(clock, page count) of WeasyPrint alone on `html`."""
    from weasyprint import HTML

    from documents.rendering import print_base_url

    with _Clock() as clock:
        document = HTML(string=html, base_url=print_base_url()).render()
        document.write_pdf()
    return clock, len(document.pages)


def _worker_rss_mib(document_id):
    """Run both tasks of a version in a fresh process, as a Celery worker would: resident
    memory after the imports, its peak (VmHWM) after the PDF task and after the DOCX task. ru_maxrss would not do: Linux copies
    it from the parent at fork, so a child would report this process's peak."""
    code = (
        "import django; django.setup();"
        "import weasyprint, documents.services;"
        "from config.celery import app; app.conf.task_always_eager = False;"
        "from documents.models import GeneratedDocument as G;"
        "from documents.services import render_document, render_docx;"
        "hwm = lambda: int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]);"
        "idle = hwm();"
        f"G.objects.filter(pk={document_id}).update(status='queued', docx_status='queued');"
        f"d = render_document({document_id}); assert d.status == 'done', d.error;"
        "pdf_peak = hwm();"
        f"d = render_docx({document_id}); assert d.docx_status == 'done', d.docx_error;"
        "print(idle, pdf_peak, hwm())"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ
    )
    idle, pdf_peak, peak = (int(v) / 1024 for v in output.stdout.split()[-3:])
    return idle, pdf_peak, peak


def _median(clocks, attribute):
    return statistics.median(getattr(clock, attribute) for clock in clocks)


def _overhead(pipeline, plain):
    return 100 * (pipeline - plain) / plain


@benchmark("documents: 30-page table")
def thirty_page_table(workdir):
    from config.celery import app
    from documents.kinds import get_kind
    from documents.rendering import render_html

    app.conf.task_always_eager = False  # queue to the in-process memory broker; run by hand
    window, office = _seed()
    _pdf, _docx, warm = _pipeline(window, office)  # warm fonts, templates and imports
    html = render_html(get_kind("registration_report").template, warm.snapshot)
    _plain(html)
    pipeline_runs, docx_runs, plain_runs, pages = [], [], [], 0
    for run in range(RUNS):
        for step in ("pipeline", "plain") if run % 2 == 0 else ("plain", "pipeline"):
            gc.collect()
            if step == "pipeline":
                pdf_clock, docx_clock, document = _pipeline(window, office)
                pipeline_runs.append(pdf_clock)
                docx_runs.append(docx_clock)
            else:
                clock, pages = _plain(html)
                plain_runs.append(clock)
    pipeline, plain = _median(pipeline_runs, "wall"), _median(plain_runs, "wall")
    docx = _median(docx_runs, "wall")
    idle, pdf_peak, peak = _worker_rss_mib(document.pk)
    return [
        ("pages", document.page_count, "pages"),
        (f"plain WeasyPrint, median of {RUNS}", plain, "s"),
        (f"pipeline until the PDF is done (request + PDF task), median of {RUNS}", pipeline, "s"),
        ("plain WeasyPrint speed", pages / plain, "pages/s"),
        ("pipeline speed (PDF)", document.page_count / pipeline, "pages/s"),
        ("pipeline overhead (PDF), wall clock", _overhead(pipeline, plain), "%"),
        (
            "pipeline overhead (PDF), CPU time",
            _overhead(_median(pipeline_runs, "cpu"), _median(plain_runs, "cpu")),
            "%",
        ),
        (f"DOCX task after the PDF, median of {RUNS}", docx, "s"),
        ("PDF and DOCX both done", pipeline + docx, "s"),
        ("worker peak RSS, PDF task", pdf_peak, "MiB"),
        ("worker peak RSS, PDF then DOCX task", peak, "MiB"),
        ("worker RSS before rendering (imports)", idle, "MiB"),
    ]
