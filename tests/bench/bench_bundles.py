"""Bulk printing: 40 one-to-two-page documents fanned out one task each, then merged.

The parts are the units' registration forms (the council's real bundle, issue 5, will
hold dossiers). Timed as one worker runs the queue: every part's PDF task with the
bundle's recount after it, then the merge (contents page, pypdf, write, hash). "Plain"
is WeasyPrint alone on the same HTML of every part, interleaved with the parts' tasks
(plain first for every other part) so drift on a shared machine hits both alike.
"""

import datetime
import gc
import os

from . import benchmark, seed, size
from .timing import Clock, median, overhead

PARTS = 40


def _seed():
    from registrations.models import Registration, Target

    district = seed.district(units=size(PARTS, 3))
    registrations = []
    for unit in district.units:
        head = seed.unit_head(unit)
        registration = Registration.objects.create(
            window=district.window,
            unit=unit,
            created_by=head,
            status="accepted",
            is_late=False,
            first_submitted_at=datetime.datetime(2024, 2, 10, 9, tzinfo=datetime.UTC),
            commitment="Đẩy mạnh chuyển đổi số trong xử lý hồ sơ công việc.\n"
            "Tổ chức tuyên truyền chuyển đổi số tới các thôn, bản.",
        )
        Target.objects.bulk_create(
            Target(
                registration=registration,
                order=order,
                title=f"Chỉ tiêu số {order}: hồ sơ công việc xử lý trên môi trường mạng",
                measure="Tỷ lệ phần trăm",
                target_value="≥ 85%",
                product="Báo cáo thống kê từ hệ thống quản lý văn bản",
            )
            for order in range(1, 4)
        )
        registrations.append((registration, head))
    return district, registrations


@benchmark("documents: bundle of 40 documents")
def bundle_of_forty(workdir):
    from documents.kinds import get_kind
    from documents.rendering import render_html
    from documents.services import (
        advance_bundles_of,
        merge_bundle,
        render_document,
        request_bundle,
        request_document,
    )

    from .bench_documents import _plain

    district, registrations = _seed()
    versions = [
        request_document("registration_form", registration, by=head)
        for registration, head in registrations
    ]
    _plain(render_html(get_kind("registration_form").template, versions[0].snapshot))  # warm
    with Clock() as request_clock:
        bundle = request_bundle("Bản in gộp đo hiệu năng", versions, by=district.office)
    parts, plain = [], []
    for index, version in enumerate(versions):
        html = render_html(get_kind(version.kind).template, version.snapshot)
        gc.collect()
        for step in ("part", "plain") if index % 2 == 0 else ("plain", "part"):
            if step == "part":
                with Clock() as clock:
                    render_document(version.pk)
                    advance_bundles_of(version.pk)
                parts.append(clock)
            else:
                plain.append(_plain(html)[0])
    with Clock() as merge_clock:
        bundle = merge_bundle(bundle.pk)
    assert bundle.status == "done", bundle.error
    contents_pages = bundle.parts.order_by("order").first().start_page - 1
    total = request_clock.wall + sum(c.wall for c in parts) + merge_clock.wall
    return [
        ("documents", bundle.parts_total, "documents"),
        ("pages, contents included", bundle.page_count, "pages"),
        ("contents pages", contents_pages, "pages"),
        ("plain WeasyPrint of one part, median", median(plain), "s"),
        ("request of the bundle (40 parts)", request_clock.wall, "s"),
        ("PDF task and recount of one part, median", median(parts), "s"),
        (
            "part overhead over plain WeasyPrint, wall clock",
            overhead(median(parts), median(plain)),
            "%",
        ),
        (
            "part overhead over plain WeasyPrint, CPU time",
            overhead(median(parts, "cpu"), median(plain, "cpu")),
            "%",
        ),
        ("all parts, one worker", sum(c.wall for c in parts), "s"),
        ("merge: contents page, pypdf, write, hash", merge_clock.wall, "s"),
        ("bundle done, from request", total, "s"),
        ("bundle speed", bundle.page_count / total, "pages/s"),
        ("merged file", os.path.getsize(bundle.pdf.path) / 1024, "KiB"),
    ]
