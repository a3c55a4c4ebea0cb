"""Issue 6: the annual summary of a province-scale dataset (2,000 units, four years).

    make bench            (or: python -m tests.bench.run summary)

Builds the dataset with bulk inserts (not the workflow: this measures the reading
side), then measures computing the annual summary's figures, the five-year review,
rendering the page's tables and SVG charts, issuing, the XLSX and the open data: the
time and queries of one run, the peak Python memory (tracemalloc) of a second run,
which is never timed because tracemalloc slows Python down several times.
"""

import datetime
import json
import time
import tracemalloc
from decimal import Decimal

from . import OPTIONS, benchmark, size

UNITS = 2000
LOCAL = datetime.timezone(datetime.timedelta(hours=7))
YEARS = (2022, 2023, 2024, 2025)
TIERS = ("district_agency", "commune", "enterprise", "other")


def build(unit_count):
    from django.conf import settings

    from criteria import services as criteria_services
    from criteria.models import Assessment, Criterion, CriterionSet, Result
    from documents.letterhead import committee_fields
    from documents.models import IssuingBody
    from registrations.models import Campaign, Registration, RegistrationWindow
    from reports import services as report_services
    from reports.models import PeriodicReport, ReportTarget
    from units.models import Role, Unit, User

    from .roles import assign_roles

    seed = json.loads((settings.BASE_DIR / "seed" / "criteria.json").read_text(encoding="utf-8"))
    office_unit = Unit.objects.create(
        code="bench-vhtt", name="Phòng Văn hóa và Thông tin", tier="district_agency"
    )
    campaign = Campaign.objects.create(
        name="Phong trào thi đua về chuyển đổi số (dữ liệu đo hiệu năng)",
        locality_name="Thử Nghiệm",
        start_year=2022,
        end_year=2025,
    )
    province = IssuingBody.objects.create(
        code="ubnd-tinh",
        **committee_fields("UBND tỉnh Thử Nghiệm"),
        abbreviation="UBND",
        place_name="Thử Nghiệm",
    )
    assign_roles(campaign, province, office_unit)
    author = User.objects.create(
        username="bench", full_name="Đo Hiệu Năng", role=Role.CULTURE_OFFICE
    )
    units = [office_unit]
    for index in range(unit_count - 1):
        tier = TIERS[index % 4] if index % 10 else "commune"
        ends = datetime.date(2025, 6, 30) if index % 13 == 0 else None
        starts = datetime.date(2023, 7, 1) if index % 17 == 0 else None
        units.append(
            Unit(
                code=f"u{index}",
                name=f"Đơn vị thử nghiệm {index:04d}",
                tier=tier,
                valid_from=starts,
                valid_to=ends,
            )
        )
    Unit.objects.bulk_create(units[1:], batch_size=500)
    units = list(Unit.objects.order_by("pk"))
    campaign.pilot_units.set(units[1:3])
    report_services.ensure_periods(campaign)
    periods = list(campaign.reporting_periods.all())
    registrations = []
    for year in YEARS:
        window = RegistrationWindow.objects.create(
            campaign=campaign,
            year=year,
            opens_on=datetime.date(year, 1, 1),
            deadline_on=datetime.date(year, 2, 20),
        )
        for index, unit in enumerate(units):
            if index % 9 == 0:
                continue
            late = index % 5 == 0
            at = datetime.datetime(year, 2, 25 if late else 10, 9, tzinfo=LOCAL)
            registrations.append(
                Registration(
                    window=window,
                    unit=unit,
                    status="accepted" if index % 4 else "submitted",
                    first_submitted_at=at,
                    submitted_at=at,
                    is_late=late,
                    created_by=author,
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=1000)
    reports = []
    for period in periods:
        for index, unit in enumerate(units):
            if index % 7 == 0:
                continue
            late = index % 6 == 0
            at = datetime.datetime.combine(
                period.due_on, datetime.time(9), tzinfo=LOCAL
            ) + datetime.timedelta(days=3 if late else -3)
            reports.append(
                PeriodicReport(
                    period=period,
                    unit=unit,
                    status="acknowledged" if index % 3 else "submitted",
                    first_submitted_at=at,
                    submitted_at=at,
                    is_late=late,
                    created_by=author,
                    communication_activities=index % 11,
                    people_trained=index % 97,
                    results_text="Kết quả thử nghiệm.",
                )
            )
    PeriodicReport.objects.bulk_create(reports, batch_size=1000)
    ReportTarget.objects.bulk_create(
        (
            ReportTarget(
                report=report,
                title="Chỉ tiêu thử nghiệm",
                progress=("met", "in_progress", "not_met")[report.pk % 3],
            )
            for report in PeriodicReport.objects.only("pk")
        ),
        batch_size=1000,
    )
    for year in YEARS:
        for tier in ("district_agency", "commune", "enterprise"):
            criterion_set = criteria_services.create_criterion_set(
                campaign, year, tier, rows=seed["tiers"][tier]
            )
            criteria = list(criterion_set.criteria.all())
            scoped = Registration.objects.filter(
                window__campaign=campaign, window__year=year, unit__tier=tier
            )
            Assessment.objects.bulk_create(
                (
                    Assessment(
                        registration=r,
                        unit_id=r.unit_id,
                        criterion_set=criterion_set,
                        status="scored",
                        final_score=Decimal(60 + r.pk % 41),
                        is_eligible=r.pk % 3 != 0,
                        created_by=author,
                    )
                    for r in scoped
                ),
                batch_size=1000,
            )
            # Scored assessments were submitted, and the first submission locks the set
            # (criteria.services.submit_assessment).
            CriterionSet.objects.filter(pk=criterion_set.pk).update(
                locked_at=datetime.datetime(year + 1, 1, 15, 9, tzinfo=LOCAL)
            )
            results = []
            for assessment in Assessment.objects.filter(criterion_set=criterion_set).only("pk"):
                for criterion in criteria:
                    ratio = criterion.kind == Criterion.Kind.RATIO
                    results.append(
                        Result(
                            assessment=assessment,
                            criterion=criterion,
                            is_checked=True,
                            checked_total=400 if ratio else None,
                            checked_excluded=0 if ratio else None,
                            checked_done=(300 + assessment.pk % 101) if ratio else None,
                            checked_answer=None if ratio else assessment.pk % 4 != 0,
                            final_outcome="met" if assessment.pk % 4 else "not_met",
                            final_points=criterion.max_points if assessment.pk % 4 else 0,
                        )
                    )
            Result.objects.bulk_create(results, batch_size=2000)
    _awards(campaign, author)
    return campaign


def _awards(campaign, author):
    """Every other unit registered in a year proposes itself; the council approves, one
    issued decision per year awards them a Giấy khen with its bonus."""
    from awards.models import AwardForm
    from dossiers.models import (
        AwardDecision,
        AwardProposal,
        CouncilMeeting,
        CouncilMember,
        DistrictSubmission,
        Nominee,
    )
    from registrations.models import Registration

    form = AwardForm.objects.get(code="giay-khen-chu-tich-huyen")
    chair = CouncilMember.objects.create(full_name="Chủ Tịch Hội Đồng", council_position="Chủ tịch")
    for year in YEARS:
        submission = DistrictSubmission.objects.create(
            campaign=campaign, year=year, status="sent", created_by=author
        )
        meeting = CouncilMeeting.objects.create(
            submission=submission,
            held_on=datetime.date(year + 1, 1, 15),
            place="Phòng họp",
            chair=chair,
            member_count=9,
            status="closed",
            created_by=author,
        )
        decision = AwardDecision.objects.create(
            meeting=meeting,
            award_form=form,
            number=f"1/QĐ-UBND-{year}",
            decided_on=datetime.date(year + 1, 1, 20),
            signer_name="Chủ Tịch",
            signer_position="Chủ tịch",
            fund_name="Quỹ thi đua",
            status="issued",
            created_by=author,
        )
        registrations = Registration.objects.filter(window__campaign=campaign, window__year=year)
        proposals = AwardProposal.objects.bulk_create(
            (
                AwardProposal(
                    campaign=campaign,
                    year=year,
                    unit_id=r.unit_id,
                    registration=r,
                    status="accepted",
                    first_submitted_at=r.first_submitted_at,
                    created_by=author,
                )
                for r in registrations
                if r.pk % 2 == 0
            ),
            batch_size=1000,
        )
        Nominee.objects.bulk_create(
            (
                Nominee(
                    proposal=p,
                    subject="collective",
                    award_form=form,
                    status="awarded" if i % 3 else "not_approved",
                    decision=decision if i % 3 else None,
                    bonus_amount=1_410_000 if i % 3 else None,
                )
                for i, p in enumerate(proposals)
            ),
            batch_size=1000,
        )


def measure(rows, label, function, *, repeat=True):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        took = time.perf_counter() - started
    rows.append((f"{label}: time", took, "s"))
    rows.append((f"{label}: queries", len(queries.captured_queries), ""))
    if repeat:
        tracemalloc.start()
        function()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rows.append((f"{label}: peak memory", peak / 1e6, "MB"))
    return result


@benchmark("summary")
def summary(workdir):
    from django.db import transaction
    from django.template.loader import render_to_string

    from dossiers.models import Nominee
    from registrations.models import Registration
    from reports import exports, queries, services
    from reports.charts import charts_for
    from reports.models import PeriodicReport, SummaryKind, SummaryReport
    from reports.tables import tables_for
    from units.models import Unit, User

    started = time.perf_counter()
    with transaction.atomic():
        # 2,000 units in all, those other benchmarks left in the database included.
        campaign = build((OPTIONS["units"] or size(UNITS, 60)) - Unit.objects.count())
    rows = [
        ("dataset: units", Unit.objects.count(), ""),
        ("dataset: registrations", Registration.objects.count(), ""),
        ("dataset: periodic reports", PeriodicReport.objects.count(), ""),
        ("dataset: award nominees", Nominee.objects.count(), ""),
        ("dataset: built in", time.perf_counter() - started, "s"),
    ]
    office = User.objects.get(username="bench")
    created = services.create_summary(campaign, kind=SummaryKind.ANNUAL, year=2024, by=office)
    summary = SummaryReport.objects.select_related("campaign", "period").get(pk=created.pk)
    figures = measure(rows, "annual summary figures", lambda: queries.summary_figures(summary))

    def page(figures):
        context = {"tables": tables_for(figures), "charts": charts_for(figures)}
        return render_to_string("reports/_figures.html", context)

    measure(rows, "annual summary tables + SVG charts", lambda: page(figures))
    created = services.create_summary(campaign, kind=SummaryKind.REVIEW, year=None, by=office)
    review = SummaryReport.objects.select_related("campaign").get(pk=created.pk)
    review_figures = measure(
        rows, "five-year review figures", lambda: queries.summary_figures(review)
    )
    measure(rows, "five-year review tables + SVG charts", lambda: page(review_figures))

    def issue():
        with transaction.atomic():
            queued = services.issue_summary(summary, by=office)
        return services.compute_issue(queued.pk)

    issued = measure(rows, "issue the annual summary", issue, repeat=False)
    measure(rows, "XLSX of the issue", lambda: exports.issue_workbook(issued))

    def printed():
        from documents.services import request_document

        document = request_document("summary_report", issued, by=office)  # renders on commit
        document.refresh_from_db()
        return document

    document = measure(rows, "PDF + DOCX of the issue (pipeline)", printed, repeat=False)
    rows.append(("PDF + DOCX of the issue: pages", document.page_count, ""))
    measure(rows, "open data rows", lambda: queries.open_data_rows(campaign))
    return rows
