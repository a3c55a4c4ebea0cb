"""Demo data for criteria and scoring: the plan's criteria (seed/criteria.json) and past results.

Everything goes through the services with explicit timestamps, so the demo history
looks like real use: sets seeded for the first year and copied forward, assessments
filled, submitted, returned or scored. Figures are deterministic (derived from the
unit's position and the year): some units are eligible, some are not. UBND xã Lùng
Vai has scored results for 2022 and 2023 and none after, so the demo head can fill
2024 in the browser; every tier has results waiting in the 2024 queue.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from registrations.deadlines import LOCAL_TZ
from registrations.models import Registration
from units.models import Role, User

from . import services
from .models import SCORED_TIERS, CriterionSet
from .scoring import Kind

SEED_FILE = Path(settings.BASE_DIR) / "seed" / "criteria.json"
PILOT_CODE = "xa-lung-vai"
SCORED_YEARS = (2022, 2023)
MIXED_YEAR = 2024  # some scored, some waiting in the queue, one returned

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def load(campaign):
    """Seed the criterion sets of every campaign year and the assessments of past years."""
    office = User.objects.get(username="vhtt")
    _load_sets(campaign, office)
    for year in (*SCORED_YEARS, MIXED_YEAR):
        _load_year(campaign, year, office)


def _load_sets(campaign, office):
    data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
    first_year = max(int(data["first_year"]), campaign.start_year)
    for tier, rows in data["tiers"].items():
        if not CriterionSet.objects.filter(campaign=campaign, year=first_year, tier=tier).exists():
            services.create_criterion_set(campaign, first_year, tier, rows=rows, by=office)
    for year in range(first_year + 1, campaign.end_year + 1):
        services.copy_criterion_sets_forward(campaign, year, by=office)


def _load_year(campaign, year, office):
    registrations = (
        Registration.objects.filter(
            window__campaign=campaign,
            window__year=year,
            status=Registration.Status.ACCEPTED,
            unit__tier__in=SCORED_TIERS,
            assessment__isnull=True,
        )
        .select_related("unit", "window")
        .order_by("unit__tier", "unit__code")
    )
    positions = {}
    for registration in registrations:
        unit = registration.unit
        if unit.code == PILOT_CODE and year not in SCORED_YEARS:
            continue
        position = positions[unit.tier] = positions.get(unit.tier, -1) + 1
        head = User.objects.filter(unit=unit, role=Role.UNIT_HEAD).order_by("pk").first()
        if head is None:
            continue
        if year == MIXED_YEAR and position % 4 == 0:
            plan = "submitted"
        elif year == MIXED_YEAR and unit.tier == "commune" and position == 2:
            plan = "returned"
        else:
            plan = "scored"
        _assessment_story(registration, head, office, position, plan)


def _moment(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=LOCAL_TZ)


def _assessment_story(registration, head, office, position, plan):
    year = registration.window.year
    started = _moment(year, 11, 10 + position % 15)
    assessment = services.start_assessment(registration, by=head, now=started)
    lines = {}
    for result in assessment.results.select_related("criterion"):
        lines[result.pk] = _figures(result.criterion, registration.unit.code, position, year)
    targets = {
        t.pk: {
            "achieved": "Hoàn thành" if (position + t.pk) % 5 else "Hoàn thành một phần",
            "note": "",
        }
        for t in assessment.target_results.all()
    }
    assessment = services.update_assessment(
        assessment, by=head, revision=assessment.revision, lines=lines, targets=targets, now=started
    )
    submitted = _moment(year, 12, 10 + position % 18, 15)
    assessment = services.submit_assessment(
        assessment, by=head, revision=assessment.revision, now=submitted
    )
    if plan == "submitted":
        return
    reviewed = _moment(year + 1, 1, 8 + position % 20, 10)
    if plan == "returned":
        first = assessment.results.select_related("criterion").first()
        services.return_assessment(
            assessment,
            by=office,
            revision=assessment.revision,
            reason="Số liệu hồ sơ công việc chưa khớp với báo cáo thống kê của hệ thống quản lý văn bản; đề nghị rà soát.",
            lines_to_fix={
                first.pk: "Đối chiếu lại tổng số hồ sơ và số hồ sơ xử lý trên mạng; đính kèm báo cáo thống kê."
            },
            now=reviewed,
        )
        return
    review = {}
    for result in assessment.results.select_related("criterion"):
        figures = {
            name: getattr(result, name)
            for name in ("total", "excluded", "done", "answer", "points")
        }
        reason = ""
        # Every fourth unit gets one count corrected, as a reviewer does after checking the system.
        if (
            position % 4 == 3
            and result.criterion.kind == Kind.RATIO
            and result.criterion.order == 1
            and result.done
        ):
            figures["done"] = max(result.done - 9, 0)
            reason = (
                f"Đối chiếu hệ thống quản lý văn bản: số hồ sơ xử lý trên môi trường mạng là {figures['done']}, "
                f"không phải {result.done}."
            )
        review[result.pk] = {**figures, "reason": reason}
    services.score_assessment(
        assessment, by=office, revision=assessment.revision, lines=review, now=reviewed
    )


def _figures(criterion, unit_code, position, year):
    """Deterministic, plausible figures; later years do better, some lines fall short."""
    seed = (position * 7 + year * 3 + criterion.order * 5) % 10
    falls_short = seed < 4 - (year - 2022)
    if criterion.kind == Kind.YES_NO:
        answer = not falls_short or criterion.order == 1
        files = [_evidence(unit_code, year, criterion.code)] if answer else []
        return {
            "answer": answer,
            "description": "Có sản phẩm, dịch vụ số cụ thể." if answer else "",
            "new_files": files,
        }
    if criterion.kind == Kind.POINTS:
        return {"points": criterion.max_points, "description": "Tự đánh giá theo hướng dẫn."}
    total = 150 + 37 * position + 20 * (year - 2022) + 11 * criterion.order
    excluded = (position + criterion.order) % 9 if criterion.has_exclusions else 0
    counted = total - excluded
    threshold = int(criterion.threshold)
    if criterion.comparison == "eq":
        done = counted - (1 + seed % 3) if falls_short else counted
    elif criterion.comparison == "gt":
        # Exactly the threshold is not "more than" it: a realistic near miss.
        done = (
            (counted * threshold) // 100
            if falls_short
            else counted - counted * (100 - threshold - 3) // 100
        )
    else:
        percent = threshold - 4 if falls_short else min(threshold + seed, 99)
        done = -(-counted * percent // 100)
    files = [_evidence(unit_code, year, criterion.code)] if criterion.order == 1 else []
    return {
        "total": total,
        "excluded": excluded,
        "done": min(done, counted),
        "description": "Số liệu trích từ hệ thống quản lý văn bản và điều hành.",
        "new_files": files,
    }


def _evidence(unit_code, year, code):
    return SimpleUploadedFile(
        f"minh-chung-{code.lower()}-{unit_code}-{year}.pdf",
        MINIMAL_PDF,
        content_type="application/pdf",
    )
