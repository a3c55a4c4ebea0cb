"""Reads of scoring results for the office's pages and for later issues (dossiers, reports).

`year_results(year, tier)` gives the ranked results of one tier in a fixed number of
queries; `is_eligible(unit, year)` says whether a unit may be proposed for an award.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Sum, Value, When, Window
from django.db.models.functions import Rank

from core.datacache import cached
from core.db import vietnamese
from registrations.models import Campaign

from . import scoring
from .models import SCORED_TIERS, Assessment, CriterionSet, Result


@dataclass
class UnitResult:
    """One unit's line on the results page."""

    assessment: Assessment
    rank: int | None  # None until scored; equal scores share a rank (1, 1, 3)
    lines: dict  # criterion code -> Result
    cells: list = field(
        default_factory=list
    )  # the lines in the order of the columns (None when missing)

    @property
    def unit(self):
        return self.assessment.unit

    @property
    def score(self):
        return self.assessment.final_score

    @property
    def is_eligible(self):
        return bool(self.assessment.is_eligible)

    @property
    def is_scored(self):
        return self.assessment.status == Assessment.Status.SCORED

    @property
    def met_codes(self):
        return [
            code
            for code, result in self.lines.items()
            if result.final_outcome == scoring.Outcome.MET
        ]


@dataclass
class CriterionShare:
    """How many scored units met one criterion."""

    criterion: object
    met: int
    scored: int

    @property
    def percent(self):
        return scoring.rounded_percent(self.met, self.scored) if self.scored else None


@dataclass
class TierResults:
    year: int
    tier: str
    criterion_set: CriterionSet | None
    criteria: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # scored first by rank, then the rest by name
    shares: list = field(default_factory=list)
    page: object = None  # year_results_page: the rows are this page's
    totals: dict | None = None  # year_results_page: counts of the whole tier, from SQL

    @property
    def scored_rows(self):
        return [row for row in self.rows if row.is_scored]

    @property
    def pending_rows(self):
        return [row for row in self.rows if not row.is_scored]

    @property
    def scored_count(self):
        return self.totals["scored"] if self.totals else len(self.scored_rows)

    @property
    def eligible_count(self):
        if self.totals:
            return self.totals["eligible"]
        return sum(1 for row in self.rows if row.is_scored and row.is_eligible)


def campaign_for_year(year, campaigns=None):
    """The active campaign that covers `year` (the newest when several do), or None;
    among `campaigns` (a user's: `Campaign.objects.visible_to`) when given."""
    campaigns = Campaign.objects.all() if campaigns is None else campaigns
    return (
        campaigns.filter(is_active=True, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )


def newest_covering(campaigns, year):
    """campaign_for_year among a list of active campaigns already read: the newest that
    covers `year`, or None."""
    covering = [c for c in campaigns if c.start_year <= year <= c.end_year]
    return max(covering, key=lambda c: c.start_year, default=None)


def year_results(year, tier, *, campaign=None, campaigns=None):
    """The results of one year and tier: criteria columns, ranked rows, share meeting each criterion.

    Four queries whatever the number of units (set, its criteria, assessments with
    units, their lines with criteria), plus one to find the campaign when not given.
    Columns are the newest set version's criteria; lines of older versions match them
    by code. Drafts are left out: they are not results yet.
    """
    campaign = campaign or campaign_for_year(year, campaigns)
    if campaign is None:
        return TierResults(year=year, tier=tier, criterion_set=None)
    criterion_set = CriterionSet.objects.latest_for(campaign, year, tier)
    criteria = list(criterion_set.criteria.all()) if criterion_set else []
    assessments = (
        Assessment.objects.filter(
            criterion_set__campaign=campaign, criterion_set__year=year, criterion_set__tier=tier
        )
        .exclude(status=Assessment.Status.DRAFT)
        .select_related("unit")
        .prefetch_related(Prefetch("results", queryset=Result.objects.select_related("criterion")))
    )
    scored, pending = [], []
    for assessment in assessments:
        row = UnitResult(
            assessment=assessment,
            rank=None,
            lines={r.criterion.code: r for r in assessment.results.all()},
        )
        (scored if assessment.status == Assessment.Status.SCORED else pending).append(row)
    scored.sort(key=lambda row: (-row.score, row.unit.name))
    previous_score, rank = None, 0
    for position, row in enumerate(scored, start=1):
        if row.score != previous_score:
            rank, previous_score = position, row.score
        row.rank = rank
    pending.sort(key=lambda row: row.unit.name)
    for row in scored + pending:
        row.cells = [row.lines.get(criterion.code) for criterion in criteria]
    shares = [
        CriterionShare(
            criterion=criterion,
            met=sum(
                1
                for row in scored
                if criterion.code in row.lines
                and row.lines[criterion.code].final_outcome == scoring.Outcome.MET
            ),
            scored=len(scored),
        )
        for criterion in criteria
    ]
    return TierResults(
        year=year,
        tier=tier,
        criterion_set=criterion_set,
        criteria=criteria,
        rows=scored + pending,
        shares=shares,
    )


def eligible_for(unit, year):
    """The assessments that make `unit` (or an OuterRef to it) eligible for `year`."""
    return Assessment.objects.filter(
        unit=unit, criterion_set__year=year, status=Assessment.Status.SCORED, is_eligible=True
    )


def is_eligible(unit, year):
    """Whether `unit` may be proposed for an award for `year`: scored, every mandatory criterion met."""
    return eligible_for(unit, year).exists()


def eligible_assessments(year, *, campaign=None):
    """Scored, eligible assessments of a year across tiers, best score first (for dossiers)."""
    assessments = Assessment.objects.filter(
        criterion_set__year=year, status=Assessment.Status.SCORED, is_eligible=True
    ).select_related("unit", "criterion_set")
    if campaign is not None:
        assessments = assessments.filter(criterion_set__campaign=campaign)
    return assessments.order_by("criterion_set__tier", "-final_score", vietnamese("unit__name"))


def results_stamp(campaign, year, tier):
    """What a tier's results show beyond their criterion set, as a stamp for cached parts
    of the results page, and the number of rows shown (drafts are not): every change of an assessment (a unit's save or submission, the
    office's review, score or return) claims it and raises its revision, so the count of
    the tier's assessments and the sum of their revisions move with any of them. One
    aggregate over the tier's assessments."""
    return tuple(
        Assessment.objects.filter(
            criterion_set__campaign=campaign, criterion_set__year=year, criterion_set__tier=tier
        )
        .aggregate(
            n=Count("pk"),
            shown=Count("pk", filter=~Q(status=Assessment.Status.DRAFT)),
            revisions=Sum("revision"),
        )
        .values()
    )


def year_results_page(year, tier, *, paginate, campaign=None, campaigns=None, criterion_set=None):
    """One page of `year_results`: the same ranks and shares, computed in SQL.

    `paginate(rows, count)` picks the page of a lazy queryset (core.paging). Ranks come
    from a window function over the whole tier, counts and shares from aggregates, and
    only the page's rows and their lines are read, as values (no model object per row or
    line): eight queries whatever the number of units (campaign, set, criteria, counts,
    shares, page, its lines).
    """
    campaign = campaign or campaign_for_year(year, campaigns)
    if campaign is None:
        return TierResults(year=year, tier=tier, criterion_set=None)
    criterion_set = criterion_set or CriterionSet.objects.latest_for(campaign, year, tier)
    criteria = list(criterion_set.criteria.all()) if criterion_set else []
    scored_status = Assessment.Status.SCORED
    scope = Assessment.objects.filter(
        criterion_set__campaign=campaign, criterion_set__year=year, criterion_set__tier=tier
    ).exclude(status=Assessment.Status.DRAFT)

    def tier_figures():
        totals = scope.aggregate(
            all=Count("pk"),
            scored=Count("pk", filter=Q(status=scored_status)),
            eligible=Count("pk", filter=Q(status=scored_status, is_eligible=True)),
        )
        met = dict(
            Result.objects.filter(assessment__in=scope.filter(status=scored_status))
            .values("criterion__code")
            .annotate(met=Count("pk", filter=Q(final_outcome=scoring.Outcome.MET)))
            .values_list("criterion__code", "met")
        )
        return totals, met

    # The counts and shares read every assessment and line of the tier (the shares ~20 ms
    # at 10,000 units): once per change of the data (core.datacache; assessments are
    # submitted, scored and returned by transitions).
    totals, met = cached(f"criteria:tier-figures:{campaign.pk}:{year}:{tier}", tier_figures)
    scored_first = Case(
        When(status=scored_status, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    ranked = (
        scope.annotate(
            scored_first=scored_first,
            rank=Window(Rank(), order_by=[scored_first.asc(), F("final_score").desc()]),
        )
        .order_by("scored_first", F("final_score").desc(), vietnamese("unit__name"), "pk")
        .values_list("pk", "rank", "unit__name", "final_score", "is_eligible", "status")
    )
    page = paginate(ranked, totals["all"])
    found = {}
    for line in Result.objects.filter(
        assessment_id__in=[values[0] for values in page.object_list]
    ).values_list(*LINE_VALUES):
        found.setdefault(line[0], {})[line[1]] = _line_cell(line)
    rows = [
        PageRow(
            pk=pk,
            rank=rank if status == scored_status else None,
            unit_name=unit_name,
            score=score,
            is_eligible=bool(is_eligible),
            status=status,
            cells=[found.get(pk, {}).get(criterion.code) for criterion in criteria],
        )
        for pk, rank, unit_name, score, is_eligible, status in page.object_list
    ]
    page.object_list = rows
    shares = [
        CriterionShare(criterion=c, met=met.get(c.code, 0), scored=totals["scored"])
        for c in criteria
    ]
    return TierResults(
        year=year,
        tier=tier,
        criterion_set=criterion_set,
        criteria=criteria,
        rows=rows,
        shares=shares,
        page=page,
        totals=totals,
    )


@dataclass
class PageRow:
    """One unit on a page of the results, read with values() (no model objects)."""

    pk: int
    rank: int | None  # None until scored
    unit_name: str
    score: Decimal | None
    is_eligible: bool
    status: str
    cells: list  # per column: (outcome, points, percent or None), or None when missing

    @property
    def is_scored(self):
        return self.status == Assessment.Status.SCORED


@dataclass
class SheetRow:
    """One scored unit on the XLSX score sheet, read with values() (no model objects)."""

    rank: int
    unit_name: str
    score: Decimal
    is_eligible: bool
    cells: list  # per column: (outcome, points, percent or None), or None when missing


def year_results_sheet(year, tier, *, campaign=None, campaigns=None):
    """The scored rows of `year_results` for the XLSX sheet, read as values and streamed.

    The same columns, ranks (a window function over the scored units) and shares as the
    results page; `rows` is a generator that reads the assessments and their lines in two
    server-side cursors walked side by side in rank order: no model object per row and no
    list of the whole tier in memory. Seven queries whatever the number of units.
    """
    campaign = campaign or campaign_for_year(year, campaigns)
    if campaign is None:
        return TierResults(year=year, tier=tier, criterion_set=None)
    criterion_set = CriterionSet.objects.latest_for(campaign, year, tier)
    criteria = list(criterion_set.criteria.all()) if criterion_set else []
    scored = Assessment.objects.filter(
        criterion_set__campaign=campaign,
        criterion_set__year=year,
        criterion_set__tier=tier,
        status=Assessment.Status.SCORED,
    )
    met = dict(
        Result.objects.filter(assessment__in=scored)
        .values("criterion__code")
        .annotate(met=Count("pk", filter=Q(final_outcome=scoring.Outcome.MET)))
        .values_list("criterion__code", "met")
    )
    count = scored.count()
    shares = [CriterionShare(criterion=c, met=met.get(c.code, 0), scored=count) for c in criteria]
    return TierResults(
        year=year,
        tier=tier,
        criterion_set=criterion_set,
        criteria=criteria,
        rows=_sheet_rows(scored, [c.code for c in criteria]),
        shares=shares,
        totals={"all": count, "scored": count, "eligible": None},
    )


# What scoring.evaluate reads of a criterion (a line's own criterion: older set versions
# match the columns by code).
CriterionRule = namedtuple("CriterionRule", "kind max_points comparison threshold")


def _sheet_rows(scored, codes):
    ranked = (
        scored.annotate(rank=Window(Rank(), order_by=F("final_score").desc()))
        .order_by(F("final_score").desc(), vietnamese("unit__name"), "pk")
        .values_list("pk", "rank", "unit__name", "final_score", "is_eligible")
    )
    lines = (
        Result.objects.filter(assessment__in=scored)
        .order_by(
            F("assessment__final_score").desc(),
            vietnamese("assessment__unit__name"),
            "assessment_id",
        )
        .values_list(*LINE_VALUES)
        .iterator(chunk_size=1000)
    )
    pending = next(lines, None)
    for pk, rank, unit_name, score, is_eligible in ranked.iterator(chunk_size=1000):
        found = {}
        while pending is not None and pending[0] == pk:
            found[pending[1]] = _line_cell(pending)
            pending = next(lines, None)
        yield SheetRow(
            rank=rank,
            unit_name=unit_name,
            score=score,
            is_eligible=bool(is_eligible),
            cells=[found.get(code) for code in codes],
        )


# A line as values: its assessment, code, what scoring.evaluate reads of its own
# criterion, the final outcome and points, and the reviewer's ratio figures.
LINE_VALUES = (
    "assessment_id",
    "criterion__code",
    "criterion__kind",
    "criterion__max_points",
    "criterion__comparison",
    "criterion__threshold",
    "final_outcome",
    "final_points",
    "checked_total",
    "checked_excluded",
    "checked_done",
)


def _line_cell(line):
    """(final outcome, final points, percent of a ratio line or None) of a LINE_VALUES row."""
    (_pk, _code, kind, max_points, comparison, threshold, outcome, points, *figures) = line
    percent = None
    if kind == scoring.Kind.RATIO:
        criterion = CriterionRule(kind, max_points, comparison, threshold)
        total, excluded, done = figures
        percent = scoring.evaluate(criterion, total=total, excluded=excluded, done=done).percent
    return (outcome, points, percent)


def scoring_queue(year, *, campaign=None, campaigns=None):
    """Submitted assessments of a year per tier, oldest submission first, and counts by status;
    of `campaign`, or of `campaigns` (a user's) when given.

    Two queries whatever the number of units.
    """
    assessments = Assessment.objects.filter(criterion_set__year=year)
    if campaign is not None:
        assessments = assessments.filter(criterion_set__campaign=campaign)
    if campaigns is not None:
        assessments = assessments.filter(criterion_set__campaign__in=campaigns)
    waiting = list(
        assessments.filter(status=Assessment.Status.SUBMITTED)
        .select_related("unit", "criterion_set")
        # What the queue shows of them, not their whole rows (and their unit's, set's).
        .only("submitted_at", "self_score", "unit__name", "criterion_set__tier")
        .order_by("submitted_at", "pk")
    )
    counts = {
        row["criterion_set__tier"]: row
        for row in assessments.values("criterion_set__tier").annotate(
            submitted=Count("pk", filter=Q(status=Assessment.Status.SUBMITTED)),
            returned=Count("pk", filter=Q(status=Assessment.Status.RETURNED)),
            scored=Count("pk", filter=Q(status=Assessment.Status.SCORED)),
            draft=Count("pk", filter=Q(status=Assessment.Status.DRAFT)),
        )
    }
    tiers = []
    for tier in SCORED_TIERS:
        tiers.append(
            {
                "tier": tier,
                "label": tier.label,
                "waiting": [a for a in waiting if a.criterion_set.tier == tier],
                "counts": counts.get(
                    tier.value, {"submitted": 0, "returned": 0, "scored": 0, "draft": 0}
                ),
            }
        )
    return tiers


def total_points(criteria):
    return sum((c.max_points for c in criteria), Decimal(0))
