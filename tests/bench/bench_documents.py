"""Issue 4: a 30-page table document through the pipeline vs plain WeasyPrint on the same HTML.

"Pipeline" is what the worker does for one version (template from the frozen snapshot,
WeasyPrint with the locked-down fetcher, DOCX twin, temp-file writes, hashes, status
updates) plus the request that snapshots the data. "Plain" is WeasyPrint alone on the
very HTML the pipeline renders, with its default fetcher. Both run warm, in one process,
in the same run; worker memory is the peak RSS of a separate process rendering it.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time

from . import benchmark

UNITS = 630  # rows of the report's unit table: 30 A4 pages
RUNS = 3


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


def _pipeline(window, office):
    from documents.services import request_document

    # Tasks are eager here: the render task runs as soon as the request commits.
    started = time.perf_counter()
    document = request_document("registration_report", window, by=office)
    elapsed = time.perf_counter() - started
    document.refresh_from_db()
    assert document.status == "done", document.error
    return elapsed, document


def _plain(html):
    from weasyprint import HTML

    from documents.rendering import print_base_url

    started = time.perf_counter()
    document = HTML(string=html, base_url=print_base_url()).render()
    document.write_pdf()
    return time.perf_counter() - started, len(document.pages)


def _worker_rss_mib(document_id):
    """Render a version in a fresh process, as a Celery worker would: resident memory after
    the imports and its peak (VmHWM) while rendering. ru_maxrss would not do: Linux copies
    it from the parent at fork, so a child would report this process's peak."""
    code = (
        "import django; django.setup();"
        "import weasyprint, documents.services;"
        "from documents.models import GeneratedDocument as G; from documents.services import render_document;"
        "hwm = lambda: int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]);"
        "idle = hwm();"
        f"G.objects.filter(pk={document_id}).update(status='queued');"
        f"d = render_document({document_id}); assert d.status == 'done', d.error;"
        "print(idle, hwm())"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ
    )
    idle, peak = (int(v) / 1024 for v in output.stdout.split()[-2:])
    return idle, peak


@benchmark("documents: 30-page table")
def thirty_page_table(workdir):
    from documents.kinds import get_kind
    from documents.rendering import render_html

    window, office = _seed()
    _elapsed, warm = _pipeline(window, office)  # warm fonts, templates and imports
    html = render_html(get_kind("registration_report").template, warm.snapshot)
    _plain(html)
    pipeline_times, plain_times, pages = [], [], 0
    for _ in range(RUNS):
        elapsed, document = _pipeline(window, office)
        pipeline_times.append(elapsed)
        elapsed, pages = _plain(html)
        plain_times.append(elapsed)
    pipeline, plain = statistics.median(pipeline_times), statistics.median(plain_times)
    docx_started = time.perf_counter()
    from documents.word import html_to_docx

    html_to_docx(html)
    docx_time = time.perf_counter() - docx_started
    idle, peak = _worker_rss_mib(document.pk)
    return [
        ("pages", document.page_count, "pages"),
        ("plain WeasyPrint, median of 3", plain, "s"),
        ("pipeline (request + task), median of 3", pipeline, "s"),
        ("plain WeasyPrint speed", pages / plain, "pages/s"),
        ("pipeline speed", document.page_count / pipeline, "pages/s"),
        ("pipeline overhead, PDF + DOCX", 100 * (pipeline - plain) / plain, "%"),
        ("DOCX twin of the same HTML", docx_time, "s"),
        ("pipeline overhead without the DOCX", 100 * (pipeline - docx_time - plain) / plain, "%"),
        ("worker peak RSS while rendering", peak, "MiB"),
        ("worker RSS before rendering (imports)", idle, "MiB"),
    ]
