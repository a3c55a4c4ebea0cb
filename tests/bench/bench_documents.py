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
import subprocess
import sys

from . import benchmark, seed, size
from .timing import Clock, median, overhead

UNITS = 630  # rows of the report's unit table: 30 A4 pages
RUNS = 5  # alternating pipeline-first and plain-first, against drift on a shared machine


def _seed():
    from registrations.models import Registration

    district = seed.district(units=size(UNITS, 20))
    submitted = datetime.datetime(2024, 2, 10, 9, tzinfo=datetime.UTC)
    Registration.objects.bulk_create(
        Registration(
            window=district.window,
            unit=unit,
            created_by=district.office,
            status=("accepted", "submitted", "draft")[i % 3],
            is_late=(i % 5 == 0) if i % 3 != 2 else None,
            first_submitted_at=submitted if i % 3 != 2 else None,
        )
        for i, unit in enumerate(district.units)
        if i % 7
    )
    return district.window, district.office


def _pipeline(window, office):
    """(clock until the PDF is done, clock of the DOCX task, the version).

    Tasks are queued, not run eagerly (the embedded memory broker holds them): each
    task's service is called as the worker would, so the PDF is timed without the DOCX.
    """
    from documents.services import render_document, render_docx, request_document

    with Clock() as pdf_clock:
        document = request_document("registration_report", window, by=office)
        render_document(document.pk)
    with Clock() as docx_clock:
        document = render_docx(document.pk)
    assert (document.status, document.docx_status) == ("done", "done"), document.error
    return pdf_clock, docx_clock, document


def _plain(html):
    """(clock, page count) of WeasyPrint alone on `html`."""
    from weasyprint import HTML

    from documents.rendering import print_base_url

    with Clock() as clock:
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


@benchmark("documents: 30-page table")
def thirty_page_table(workdir):
    from documents.kinds import get_kind
    from documents.rendering import render_html

    window, office = _seed()
    _pdf, _docx, warm = _pipeline(window, office)  # warm fonts, templates and imports
    html = render_html(get_kind("registration_report").template, warm.snapshot)
    _plain(html)
    pipeline_runs, docx_runs, plain_runs, pages = [], [], [], 0
    runs = size(RUNS, 1)
    for run in range(runs):
        for step in ("pipeline", "plain") if run % 2 == 0 else ("plain", "pipeline"):
            gc.collect()
            if step == "pipeline":
                pdf_clock, docx_clock, document = _pipeline(window, office)
                pipeline_runs.append(pdf_clock)
                docx_runs.append(docx_clock)
            else:
                clock, pages = _plain(html)
                plain_runs.append(clock)
    pipeline, plain = median(pipeline_runs, "wall"), median(plain_runs, "wall")
    docx = median(docx_runs, "wall")
    idle, pdf_peak, peak = _worker_rss_mib(document.pk)
    return [
        ("pages", document.page_count, "pages"),
        (f"plain WeasyPrint, median of {runs}", plain, "s"),
        (f"pipeline until the PDF is done (request + PDF task), median of {runs}", pipeline, "s"),
        ("plain WeasyPrint speed", pages / plain, "pages/s"),
        ("pipeline speed (PDF)", document.page_count / pipeline, "pages/s"),
        ("pipeline overhead (PDF), wall clock", overhead(pipeline, plain), "%"),
        (
            "pipeline overhead (PDF), CPU time",
            overhead(median(pipeline_runs, "cpu"), median(plain_runs, "cpu")),
            "%",
        ),
        (f"DOCX task after the PDF, median of {runs}", docx, "s"),
        ("PDF and DOCX both done", pipeline + docx, "s"),
        ("worker peak RSS, PDF task", pdf_peak, "MiB"),
        ("worker peak RSS, PDF then DOCX task", peak, "MiB"),
        ("worker RSS before rendering (imports)", idle, "MiB"),
    ]
