"""The summary figures: heavy cross-app aggregates in a fixed number of queries.

`summary_figures(summary)` gives the figures of a 6-month or annual report,
`review_figures(campaign)` every campaign year side by side, `open_data_rows()` the
public aggregates. Each loads its rows in a handful of queries whatever the number of
units (`load_dataset`), then counts in Python into the typed figures of `reports.figures`;
`summary_figures` and `review_figures` return them as the JSON an issue freezes
(`compute_summary` / `compute_review` give the typed figures themselves).

Populations (who counts as "expected"):
- registration of a year: units active on the last on-time day of the window, plus
  any unit that did submit (a unit created later and registering late still counts);
- periodic reports of a period: units active on the period's last day, plus any unit
  that did submit (a unit that ended mid-period is not chased for the report);
- units per tier: active on the period's last day; started and ended during it.

Sections plug in through SECTIONS (criteria attainment and scores come from
criteria.queries, awards and bonus totals from the dossiers' nominees): a builder
takes (dataset, year, period) and returns its `reports.figures` section or None.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from awards.models import Subject
from core.db import vietnamese
from core.text import short_date, vietnamese_key
from criteria import queries as criteria_queries
from criteria.models import SCORED_TIERS, Assessment
from criteria.scoring import Kind
from dossiers.models import AwardDecision, AwardProposal, Nominee
from inspections import queries as inspection_queries
from inspections.models import Inspection
from registrations.models import (
    CampaignRole,
    DeadlineExtension,
    Registration,
    RegistrationWindow,
)
from registrations.queries import is_expected
from registrations.roles import roles_on
from units.models import Tier, Unit, active_on_condition, within_condition

from . import figures as fig
from .models import PeriodicReport, PeriodKind, ReportingPeriod, ReportTarget, SummaryKind

SCHEMA = fig.SCHEMA
RECEIVED_STATES = (PeriodicReport.Status.SUBMITTED, PeriodicReport.Status.ACKNOWLEDGED)


def percent_of(part, whole):
    """Share in percent with one decimal, None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Dataset:
    """Everything the sections count from, loaded in a fixed number of queries."""

    campaign: object
    windows: dict  # year -> RegistrationWindow
    periods: dict  # (year, kind) -> ReportingPeriod
    units: list  # dicts: id, name, tier, valid_from, valid_to
    registrations: dict  # window id -> {unit id -> dict}
    reports: dict  # period id -> {unit id -> dict}
    target_progress: dict  # period id -> {progress -> count}
    pilot_ids: set = field(default_factory=set)
    extensions: dict = field(default_factory=dict)  # window id -> {unit id -> dict}


def load_dataset(campaign, years, periods):
    """Load the rows of `years` and `periods` of a campaign: seven queries.

    Windows, pilot units, units overlapping the time span, registrations, the units'
    deadline extensions, periodic reports and target progress counts; nothing per unit.
    """
    windows = {
        w.year: w for w in RegistrationWindow.objects.filter(campaign=campaign, year__in=years)
    }
    pilot_ids = set(campaign.pilot_units.values_list("pk", flat=True))
    days = [d for w in windows.values() for d in (w.opens_on, w.deadline_on)]
    days += [d for p in periods for d in (p.starts_on, p.ends_on)]
    first = min(days, default=datetime.date(min(years), 1, 1))
    last = max(days, default=datetime.date(max(years), 12, 31))
    # Units in force during the span, plus any that registered in one of its windows:
    # a 6-month summary counts the same expected units as the overview (issue 9).
    in_span = (
        Unit.objects.within(campaign.organisation_id)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    )
    registered = Registration.objects.filter(window__in=list(windows.values())).values("unit_id")
    units = list(
        Unit.objects.filter(Q(pk__in=in_span.values("pk")) | Q(pk__in=registered))
        .order_by("tier", vietnamese("name"), "pk")
        .values("id", "name", "tier", "valid_from", "valid_to")
    )
    registrations = {window.pk: {} for window in windows.values()}
    for row in Registration.objects.filter(window__in=list(windows.values())).values(
        "window_id", "unit_id", "status", "first_submitted_at", "is_late"
    ):
        registrations[row["window_id"]][row["unit_id"]] = row
    extensions = {window.pk: {} for window in windows.values()}
    for row in DeadlineExtension.objects.filter(window__in=list(windows.values())).values(
        "window_id", "unit_id", "deadline_on", "reason"
    ):
        extensions[row["window_id"]][row["unit_id"]] = row
    reports = {period.pk: {} for period in periods}
    for row in PeriodicReport.objects.filter(period__in=periods).values(
        "period_id", "unit_id", "status", "first_submitted_at", "is_late", *PeriodicReport.FIGURES
    ):
        reports[row["period_id"]][row["unit_id"]] = row
    target_progress = {period.pk: {} for period in periods}
    for row in (
        ReportTarget.objects.filter(report__period__in=periods, report__status__in=RECEIVED_STATES)
        .values("report__period_id", "progress")
        .annotate(count=Count("pk"))
    ):
        target_progress[row["report__period_id"]][row["progress"]] = row["count"]
    return Dataset(
        campaign=campaign,
        windows=windows,
        periods={(p.year, p.kind): p for p in periods},
        units=units,
        registrations=registrations,
        reports=reports,
        target_progress=target_progress,
        pilot_ids=pilot_ids,
        extensions=extensions,
    )


def _active_on(unit, day):
    return (unit["valid_from"] is None or unit["valid_from"] <= day) and (
        unit["valid_to"] is None or day <= unit["valid_to"]
    )


def _tier_rows(counts_by_tier, keys, rate_of=None, row_type=None):
    """Rows per tier in Tier order (tiers with nothing expected left out) and the total row,
    as `row_type` (a reports.figures row) when given."""
    rows = []
    total = {"tier": "", "label": gettext("Tổng cộng"), **{key: 0 for key in keys}}
    for tier, label in Tier.choices:
        counts = counts_by_tier.get(tier)
        if not counts or not any(counts.values()):
            continue
        row = {"tier": tier, "label": str(label), **{key: counts.get(key, 0) for key in keys}}
        rows.append(row)
        for key in keys:
            total[key] += row[key]
    if rate_of:
        for row in [*rows, total]:
            row["rate"] = percent_of(sum(row[k] for k in rate_of[0]), row[rate_of[1]])
    if row_type:
        return [row_type(**row) for row in rows], row_type(**total)
    return rows, total


TIER_ORDER = {tier: index for index, tier in enumerate(Tier.values)}


def _in_tier_order(units):
    return sorted(units, key=lambda u: (TIER_ORDER[u["tier"]], vietnamese_key(u["name"]), u["id"]))


def _missing_list(units):
    return [fig.UnitName(u["name"], str(Tier(u["tier"]).label)) for u in _in_tier_order(units)]


def _timing(row):
    """'on_time' | 'late' | 'missing' by the first submission (design: Deadlines)."""
    if row is None or row["first_submitted_at"] is None:
        return "missing"
    return "late" if row["is_late"] else "on_time"


# --- Sections ---------------------------------------------------------------------------


def units_section(data, year, period):
    as_of = period.ends_on if period else datetime.date(year, 12, 31)
    starts = period.starts_on if period else datetime.date(year, 1, 1)
    counts = {}
    for unit in data.units:
        tier = counts.setdefault(unit["tier"], {"active": 0, "started": 0, "ended": 0})
        tier["active"] += _active_on(unit, as_of)
        tier["started"] += bool(unit["valid_from"] and starts < unit["valid_from"] <= as_of)
        tier["ended"] += bool(unit["valid_to"] and starts <= unit["valid_to"] < as_of)
    rows, total = _tier_rows(counts, ("active", "started", "ended"), row_type=fig.UnitsRow)
    return fig.UnitsSection(as_of=short_date(as_of), rows=rows, total=total)


def registration_section(data, year, period):
    window = data.windows.get(year)
    if window is None:
        return None
    by_unit = data.registrations[window.pk]
    extended = data.extensions.get(window.pk, {})
    counts, missing, extensions = {}, [], []
    for unit in data.units:
        row = by_unit.get(unit["id"])
        timing = _timing(row)
        if not is_expected(unit, window, registered=row is not None):
            continue  # not expected: not in force during the window, did not register
        tier = counts.setdefault(
            unit["tier"],
            {"expected": 0, "on_time": 0, "late": 0, "missing": 0, "returned": 0, "accepted": 0},
        )
        tier["expected"] += 1
        tier[timing] += 1
        if unit["id"] in extended:
            extensions.append({**unit, "extension": extended[unit["id"]], "timing": timing})
        if timing == "missing":
            missing.append(unit)
        elif row["status"] == Registration.Status.RETURNED:
            tier["returned"] += 1
        elif row["status"] == Registration.Status.ACCEPTED:
            tier["accepted"] += 1
    rows, total = _tier_rows(
        counts,
        ("expected", "on_time", "late", "missing", "returned", "accepted"),
        rate_of=(("on_time", "late"), "expected"),
    )
    return fig.RegistrationSection(
        year=year,
        deadline_on=short_date(window.deadline_on),
        rows=[_registration_row(row) for row in rows],
        total=_registration_row(total),
        missing_units=_missing_list(missing),
        extended_units=[
            fig.ExtendedUnit(
                name=u["name"],
                tier=str(Tier(u["tier"]).label),
                deadline_on=short_date(u["extension"]["deadline_on"]),
                reason=u["extension"]["reason"],
                timing=str(TIMING_LABELS[u["timing"]]),
            )
            for u in _in_tier_order(extensions)
        ],
    )


def _registration_row(counts):
    return fig.RegistrationRow(
        **counts, on_time_rate=percent_of(counts["on_time"], counts["expected"])
    )


# How a unit with an extension stands against it (registration_section's extended_units).
TIMING_LABELS = {
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Muộn"),
    "missing": gettext_lazy("Chưa đăng ký"),
}


def periodic_reports_section(data, year, period):
    if period is None:
        return None
    by_unit = data.reports[period.pk]
    counts, missing = {}, []
    sums = dict.fromkeys(PeriodicReport.FIGURES, 0)
    for unit in data.units:
        row = by_unit.get(unit["id"])
        timing = _timing(row)
        if timing == "missing" and not _active_on(unit, period.ends_on):
            continue
        tier = counts.setdefault(
            unit["tier"],
            {
                "expected": 0,
                "on_time": 0,
                "late": 0,
                "missing": 0,
                "acknowledged": 0,
                "returned": 0,
            },
        )
        tier["expected"] += 1
        tier[timing] += 1
        if timing == "missing":
            missing.append(unit)
            continue
        if row["status"] == PeriodicReport.Status.ACKNOWLEDGED:
            tier["acknowledged"] += 1
        elif row["status"] == PeriodicReport.Status.RETURNED:
            tier["returned"] += 1
        if row["status"] in RECEIVED_STATES:
            for name in PeriodicReport.FIGURES:
                sums[name] += row[name]
    rows, total = _tier_rows(
        counts,
        ("expected", "on_time", "late", "missing", "acknowledged", "returned"),
        rate_of=(("on_time", "late"), "expected"),
        row_type=fig.ReportsRow,
    )
    progress = data.target_progress[period.pk]
    labels = {f.name: str(f.verbose_name) for f in PeriodicReport._meta.get_fields() if f.concrete}
    return fig.PeriodicReportsSection(
        period=str(period.label),
        kind=period.kind,
        due_on=short_date(period.due_on),
        rows=rows,
        total=total,
        missing_units=_missing_list(missing),
        figures=[
            fig.ReportFigure(key=name, label=labels[name], value=sums[name])
            for name in PeriodicReport.FIGURES
        ],
        targets=fig.TargetCounts(
            met=progress.get(ReportTarget.Progress.MET, 0),
            in_progress=progress.get(ReportTarget.Progress.IN_PROGRESS, 0),
            not_met=progress.get(ReportTarget.Progress.NOT_MET, 0),
            total=sum(progress.values()),
        ),
    )


REGISTRATION_LABELS = {
    "on_time": gettext_lazy("Đăng ký đúng hạn"),
    "late": gettext_lazy("Đăng ký muộn"),
    "missing": gettext_lazy("Chưa đăng ký"),
}
REPORT_LABELS = {
    "on_time": gettext_lazy("Đã gửi đúng hạn"),
    "late": gettext_lazy("Đã gửi muộn"),
    "missing": gettext_lazy("Chưa gửi"),
}


def pilots_section(data, year, period):
    if not data.pilot_ids:
        return None
    window = data.windows.get(year)
    registrations = data.registrations[window.pk] if window else {}
    reports = data.reports[period.pk] if period else {}
    scores = _pilot_scores(data, year)
    rows = []
    for unit in _in_tier_order(u for u in data.units if u["id"] in data.pilot_ids):
        registration, report = registrations.get(unit["id"]), reports.get(unit["id"])
        score, rank, scored = scores.get(unit["id"], (None, None, None))
        rows.append(
            fig.PilotRow(
                name=unit["name"],
                tier=str(Tier(unit["tier"]).label),
                registration=str(REGISTRATION_LABELS[_timing(registration)]),
                registration_status=str(Registration.Status(registration["status"]).label)
                if registration
                else "",
                report=str(REPORT_LABELS[_timing(report)]) if period else "",
                report_status=str(PeriodicReport.Status(report["status"]).label) if report else "",
                score=score,
                rank=f"{rank}/{scored}" if rank else "",
            )
        )
    return fig.PilotsSection(rows=rows)


def _pilot_scores(data, year):
    """unit id -> (score, rank in its tier, units scored in the tier): one query.

    Equal scores share a rank (1, 1, 3), as on the criteria results page.
    """
    scored = list(
        Assessment.objects.filter(
            criterion_set__campaign=data.campaign,
            criterion_set__year=year,
            status=Assessment.Status.SCORED,
        ).values_list("unit_id", "criterion_set__tier", "final_score")
    )
    by_tier = {}
    for _unit, tier, score in scored:
        by_tier.setdefault(tier, []).append(score)
    found = {}
    for unit_id, tier, score in scored:
        if unit_id in data.pilot_ids:
            rank = 1 + sum(1 for other in by_tier[tier] if other > score)
            found[unit_id] = (_decimal(score), rank, len(by_tier[tier]))
    return found


# Scores as a share of the set's maximum points: the buckets of the distribution.
SCORE_BUCKETS = (
    (0, 50, gettext_lazy("< 50%")),
    (50, 70, gettext_lazy("50–70%")),
    (70, 90, gettext_lazy("70–90%")),
    (90, None, gettext_lazy("≥ 90%")),
)
RANKING_SIZE = 10


def _bucket(score, max_points):
    share = 100 * score / max_points if max_points else 0
    for index, (low, high, _label) in enumerate(SCORE_BUCKETS):
        if share >= low and (high is None or share < high):
            return index
    return 0


def _decimal(value):
    return None if value is None else float(round(Decimal(value), 1))


def criteria_section(data, year, period, *, ranking=True):
    """Criteria attainment per tier and the scores: criteria.queries.year_results per tier.

    Four queries per scored tier whatever the number of units. Only scored assessments
    count (the reviewer's figures are final); units still waiting are counted apart.
    """
    tiers = []
    for tier in SCORED_TIERS:
        results = criteria_queries.year_results(year, tier, campaign=data.campaign)
        if results.criterion_set is None:
            continue
        scored = results.scored_rows
        max_points = criteria_queries.total_points(results.criteria)
        lines = []
        for criterion, share in zip(results.criteria, results.shares, strict=True):
            percents = [
                row.lines[criterion.code].final_evaluation.percent
                for row in scored
                if criterion.code in row.lines and criterion.kind == Kind.RATIO
            ]
            percents = [p for p in percents if p is not None]
            lines.append(
                fig.CriterionLine(
                    code=criterion.code,
                    text=criterion.text,
                    requirement=str(criterion.requirement),
                    mandatory=criterion.is_mandatory,
                    scored=share.scored,
                    met=share.met,
                    share=percent_of(share.met, share.scored),
                    average_percent=_decimal(sum(percents) / len(percents)) if percents else None,
                )
            )
        distribution = [0] * len(SCORE_BUCKETS)
        for row in scored:
            distribution[_bucket(row.score, max_points)] += 1
        scores = [row.score for row in scored]
        tiers.append(
            fig.CriteriaTier(
                tier=tier.value,
                label=str(tier.label),
                scored=len(scored),
                pending=len(results.pending_rows),
                eligible=results.eligible_count,
                max_points=_decimal(max_points),
                average_score=_decimal(sum(scores) / len(scores)) if scores else None,
                top_score=_decimal(max(scores)) if scores else None,
                criteria=lines,
                distribution=distribution,
                ranking=[
                    fig.RankingRow(
                        rank=row.rank,
                        name=row.unit.name,
                        score=_decimal(row.score),
                        eligible=row.is_eligible,
                    )
                    for row in scored[:RANKING_SIZE]
                ]
                if ranking
                else [],
            )
        )
    if not tiers:
        return None
    return fig.CriteriaSection(
        buckets=[str(label) for _low, _high, label in SCORE_BUCKETS], tiers=tiers
    )


# Nominees the council approved: those decided by the district and those forwarded to
# the province (plan IV.3) alike.
COUNCIL_APPROVED = (
    Nominee.Status.APPROVED,
    Nominee.Status.FORWARDED,
    Nominee.Status.AWARDED,
)


def awards_section(data, year, period):
    """Award proposals, the council's approvals, awards by form and tier, bonus totals.

    Two aggregate queries. Only proposals a unit has sent count; a nominee is awarded
    once its decision is issued (dossiers: Nominee.objects.awarded()), and the bonus
    total adds up the awarded nominees' bonus.
    """
    proposals = dict(
        AwardProposal.objects.filter(
            campaign=data.campaign, year=year, first_submitted_at__isnull=False
        )
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    awarded = Q(status=Nominee.Status.AWARDED, decision__status=AwardDecision.Status.ISSUED)
    groups = list(
        Nominee.objects.filter(
            proposal__campaign=data.campaign,
            proposal__year=year,
            proposal__first_submitted_at__isnull=False,
        )
        .values("award_form__name", "award_form__order", "subject", "proposal__unit__tier")
        .annotate(
            proposed=Count("pk"),
            approved=Count("pk", filter=Q(status__in=COUNCIL_APPROVED)),
            forwarded=Count("pk", filter=Q(status=Nominee.Status.FORWARDED)),
            awarded=Count("pk", filter=awarded),
            bonus=Sum("bonus_amount", filter=awarded),
        )
        .order_by()
    )
    if not proposals and not groups:
        return None
    subjects = dict(Subject.choices)
    rows = [
        fig.AwardRow(
            form=group["award_form__name"],
            tier=group["proposal__unit__tier"],
            tier_label=str(Tier(group["proposal__unit__tier"]).label),
            subject=group["subject"],
            subject_label=str(subjects[group["subject"]]),
            **{key: group[key] or 0 for key in AWARD_COUNTS},
        )
        for group in sorted(
            groups,
            key=lambda g: (
                g["award_form__order"],
                g["award_form__name"],
                TIER_ORDER[g["proposal__unit__tier"]],
                g["subject"],
            ),
        )
    ]
    forms = list(dict.fromkeys(row.form for row in rows))
    return fig.AwardsSection(
        proposals=fig.ProposalCounts(
            sent=sum(proposals.values()),
            **{
                status: proposals.get(status, 0) for status in ("submitted", "returned", "accepted")
            },
        ),
        rows=rows,
        by_form=[
            fig.FormCounts(form=form, **_award_counts(row for row in rows if row.form == form))
            for form in forms
        ],
        total=fig.AwardCounts(**_award_counts(rows)),
    )


AWARD_COUNTS = fig.AWARD_COUNTS


def inspections_section(data, year, period):
    """The year's inspections (plan III.4), in the annual summary only: one query."""
    if period is None or period.kind != PeriodKind.ANNUAL:
        return None
    rows = inspection_queries.summary_rows(data.campaign.pk, year)
    if not rows:
        return None
    done = [r for r in rows if r["status"] != Inspection.Status.PLANNED]
    return fig.InspectionsSection(
        year=year,
        planned=len(rows),
        done=len(done),
        findings=sum(r["finding_count"] for r in done),
        recommendations=sum(r["recommendation_count"] for r in done),
        answered=sum(r["answered_count"] for r in done),
        rows=[
            fig.InspectionRow(
                name=r["unit__name"],
                tier=str(Tier(r["unit__tier"]).label),
                day=short_date(r["visited_on"] or r["planned_on"]),
                status=str(Inspection.Status(r["status"]).label),
                findings=r["finding_count"],
                recommendations=r["recommendation_count"],
                answered=r["answered_count"],
            )
            for r in rows
        ],
    )


def _award_counts(rows):
    rows = list(rows)
    return {key: sum(getattr(row, key) for row in rows) for key in AWARD_COUNTS}


# The sections of a 6-month or annual summary, in order: (field of figures.Sections,
# builder (dataset, year, period) -> its figures or None).
SECTIONS = [
    ("units", units_section),
    ("registration", registration_section),
    ("periodic_reports", periodic_reports_section),
    ("criteria", criteria_section),
    ("awards", awards_section),
    ("pilots", pilots_section),
    ("inspections", inspections_section),
]


def review_sections(data, year, *, with_criteria=True):
    """One year of the review (fields of figures.YearSections), without unit lists."""
    annual = data.periods.get((year, PeriodKind.ANNUAL))
    six_month = data.periods.get((year, PeriodKind.SIX_MONTH))
    sections = {
        "units": units_section(data, year, annual),
        "registration": registration_section(data, year, annual),
        "six_month_reports": periodic_reports_section(data, year, six_month),
        "annual_reports": periodic_reports_section(data, year, annual),
        "criteria": criteria_section(data, year, annual, ranking=False) if with_criteria else None,
        "awards": awards_section(data, year, annual),
    }
    return fig.YearSections(
        **{
            key: replace(section, missing_units=None)
            if section is not None and hasattr(section, "missing_units")
            else section
            for key, section in sections.items()
        }
    )


# --- Entry points -----------------------------------------------------------------------


def _header(summary_kind, campaign, year, title):
    roles = roles_on(campaign, timezone.localdate())
    return {
        "schema": SCHEMA,
        "kind": summary_kind,
        "year": year,
        "title": str(title),
        "campaign": campaign.name,
        "issuer": roles.name_or(CampaignRole.Kind.PLAN_ISSUER),
        "office": roles.name_or(CampaignRole.Kind.STANDING_OFFICE),
        "locality": campaign.locality_name,
        "computed_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def summary_figures(summary, progress=None):
    """The figures of a 6-month or annual summary, or of the review, as the JSON an issue
    freezes (`figures.load` reads it back)."""
    return compute_summary(summary, progress=progress).to_dict()


def compute_summary(summary, progress=None):
    """The typed figures of a 6-month or annual summary, or of the review (delegates).

    Six queries to load, one for the campaign's role holders, one for the pilots'
    scores, four per scored tier for the criteria, two for the awards and one for the
    inspections (23 in all), none per
    unit. `progress(percent)` is told how far it got.
    """
    if summary.kind == SummaryKind.REVIEW:
        return compute_review(summary.campaign, title=summary.title, progress=progress)
    period, campaign = summary.period, summary.campaign
    data = load_dataset(campaign, [period.year], [period])
    if progress:
        progress(50)
    sections = {}
    for index, (key, builder) in enumerate(SECTIONS, start=1):
        sections[key] = builder(data, period.year, period)
        if progress:
            progress(50 + 50 * index // len(SECTIONS))
    return fig.SummaryFigures(
        **_header(summary.kind, campaign, period.year, summary.title),
        period=fig.Period(
            label=str(period.label),
            kind=period.kind,
            starts_on=short_date(period.starts_on),
            ends_on=short_date(period.ends_on),
            due_on=short_date(period.due_on),
        ),
        sections=fig.Sections(**sections),
    )


def review_figures(campaign, *, title="", progress=None, with_criteria=True):
    """The review's figures as the JSON an issue freezes (see compute_review)."""
    return compute_review(
        campaign, title=title, progress=progress, with_criteria=with_criteria
    ).to_dict()


def compute_review(campaign, *, title="", progress=None, with_criteria=True):
    """Every campaign year side by side (the final review, plan III.4): fixed queries.

    Per year: units per tier, registration timing, 6-month and annual reports
    received; missing-unit lists are left out (they belong to the yearly reports).
    """
    years = campaign.years
    periods = list(
        ReportingPeriod.objects.filter(campaign=campaign, year__in=years).order_by("year", "kind")
    )
    data = load_dataset(campaign, years, periods)
    if progress:
        progress(50)
    per_year = {}
    for index, year in enumerate(years, start=1):
        per_year[str(year)] = review_sections(data, year, with_criteria=with_criteria)
        if progress:
            progress(50 + 50 * index // len(years))
    return fig.ReviewFigures(
        **_header(SummaryKind.REVIEW, campaign, campaign.end_year, title),
        years=years,
        per_year=per_year,
    )


OPEN_DATA_FIELDS = [
    ("nam", gettext_lazy("Năm")),
    ("khoi", gettext_lazy("Mã khối đơn vị")),
    ("ten_khoi", gettext_lazy("Khối đơn vị")),
    ("so_don_vi", gettext_lazy("Số đơn vị hoạt động cuối năm")),
    ("phai_dang_ky", gettext_lazy("Số đơn vị phải đăng ký thi đua")),
    ("dang_ky_dung_han", gettext_lazy("Đăng ký đúng hạn")),
    ("dang_ky_muon", gettext_lazy("Đăng ký muộn")),
    ("chua_dang_ky", gettext_lazy("Chưa đăng ký")),
    ("ty_le_dang_ky", gettext_lazy("Tỷ lệ đăng ký (%)")),
    ("bao_cao_6_thang_da_nhan", gettext_lazy("Báo cáo 6 tháng đã nhận")),
    ("bao_cao_nam_da_nhan", gettext_lazy("Báo cáo năm đã nhận")),
    ("tap_the_duoc_khen_thuong", gettext_lazy("Tập thể được khen thưởng")),
    ("ca_nhan_duoc_khen_thuong", gettext_lazy("Cá nhân được khen thưởng")),
]


def open_data_rows(campaign, today=None):
    """Aggregate rows per year and tier for the public page: counts only, no names.

    Years whose registration has not opened yet are left out.
    """
    today = today or timezone.localdate()
    not_open = set(campaign.windows.filter(opens_on__gt=today).values_list("year", flat=True))
    review = compute_review(campaign, with_criteria=False)
    rows = []
    for year, sections in review.each_year():
        if sections.registration is None or year in not_open:
            continue
        units = _rows_by_tier(sections.units)
        registration = _rows_by_tier(sections.registration)
        six_month = _rows_by_tier(sections.six_month_reports)
        annual = _rows_by_tier(sections.annual_reports)
        award_rows = sections.awards.rows if sections.awards else []
        for tier, label in Tier.choices:
            if not any(tier in found for found in (units, registration, six_month, annual)):
                continue
            reg = registration.get(tier)
            awarded = {
                subject: sum(
                    row.awarded for row in award_rows if row.tier == tier and row.subject == subject
                )
                for subject in Subject.values
            }
            rows.append(
                {
                    "nam": year,
                    "khoi": tier,
                    "ten_khoi": str(label),
                    "so_don_vi": units[tier].active if tier in units else 0,
                    "phai_dang_ky": reg.expected if reg else 0,
                    "dang_ky_dung_han": reg.on_time if reg else 0,
                    "dang_ky_muon": reg.late if reg else 0,
                    "chua_dang_ky": reg.missing if reg else 0,
                    "ty_le_dang_ky": reg.rate if reg else None,
                    "bao_cao_6_thang_da_nhan": six_month[tier].received if tier in six_month else 0,
                    "bao_cao_nam_da_nhan": annual[tier].received if tier in annual else 0,
                    "tap_the_duoc_khen_thuong": awarded[Subject.COLLECTIVE],
                    "ca_nhan_duoc_khen_thuong": awarded[Subject.INDIVIDUAL],
                }
            )
    return rows


def _rows_by_tier(section):
    return {row.tier: row for row in section.rows} if section else {}


def _period_units(period):
    """Units expected to report in a period (those active on its last day, plus any that
    reported) joined to their report of it, with the timing computed in SQL. The expected
    units are a condition on the join (reported, or in force within the organisation),
    not two subqueries: one pass over the units, and the page's rows come in the order of
    the units' (tier, name) index (issue 10)."""
    return (
        Unit.objects.annotate(
            report=FilteredRelation(
                "periodic_reports", condition=Q(periodic_reports__period=period)
            )
        )
        .filter(
            Q(report__id__isnull=False)
            | (
                within_condition(period.campaign.organisation_id)
                & active_on_condition(period.ends_on)
            )
        )
        .annotate(
            timing=Case(
                When(report__first_submitted_at__isnull=True, then=Value("missing")),
                When(report__is_late=True, then=Value("late")),
                default=Value("on_time"),
                output_field=CharField(),
            )
        )
    )


def period_overview_counts(period):
    """{"on_time", "late", "missing": number of units} of a period: one aggregate query."""
    counts = dict.fromkeys(("on_time", "late", "missing"), 0)
    for row in _period_units(period).order_by().values("timing").annotate(n=Count("pk")):
        counts[row["timing"]] = row["n"]
    return counts


def period_overview(period):
    """Rows of the units expected to report in a period, in Vietnamese order by tier, as
    values: name, tier, timing and the report's id, status, first_submitted_at. Lazy."""
    return (
        _period_units(period)
        .in_vietnamese_order("tier")
        .values(
            "name",
            "tier",
            "timing",
            report_id=F("report__id"),
            report_status=F("report__status"),
            first_submitted_at=F("report__first_submitted_at"),
        )
    )
