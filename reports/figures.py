"""The frozen figures of a summary, typed: what `queries` computes, an issue stores as JSON
and `tables` / `charts` draw.

Every class is a frozen dataclass with `to_dict()` (the JSON stored on
`SummaryIssue.figures`, unchanged since schema 1) and `from_dict()` (reads what an issue
stored, including issues frozen before a field existed: a missing field takes its default,
a missing section is None). `load(data)` reads a stored dict as `SummaryFigures` or
`ReviewFigures`.

A section is one dataclass here, one field of `Sections` (and of `YearSections` if the
review shows it per year), one builder in `queries.SECTIONS`, and its tables and charts
in `tables.SECTION_TABLES` / `charts.SECTION_CHARTS` (CONTRIBUTING.md, "Add a report
section").
"""

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field

SCHEMA = 1


class Frozen:
    """to_dict / from_dict for the dataclasses below (lists, dicts, optionals, nesting)."""

    def to_dict(self):
        out = {}
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if value is None and item.metadata.get("omit_if_none"):
                continue  # the stored format leaves the key out
            out[item.name] = _dump(value)
        return out

    @classmethod
    def from_dict(cls, data):
        return cls(**{name: load(data[name]) for name, load in _field_loaders(cls) if name in data})


@functools.cache
def _field_loaders(cls):
    """(field name, function reading its stored value) of a Frozen class, worked out once."""
    hints = typing.get_type_hints(cls)
    return [(item.name, _loader(hints[item.name])) for item in dataclasses.fields(cls)]


def _dump(value):
    if isinstance(value, Frozen):
        return value.to_dict()
    if isinstance(value, list):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {key: _dump(item) for key, item in value.items()}
    return value


def _loader(hint):
    """A function reading a stored value of type `hint` (None stays None)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _loader(hint)
    if origin is list:
        item = _loader(typing.get_args(hint)[0])
        return lambda value: None if value is None else [item(element) for element in value]
    if origin is dict:
        item = _loader(typing.get_args(hint)[1])
        return lambda value: (
            None if value is None else {key: item(element) for key, element in value.items()}
        )
    if isinstance(hint, type) and issubclass(hint, Frozen):
        return lambda value: None if value is None else hint.from_dict(value)
    return lambda value: value


def _omitted_if_none():
    """A field the stored format leaves out when it is None (the review's unit lists)."""
    return field(default=None, metadata={"omit_if_none": True})


# --- Rows shared by the sections ---------------------------------------------------------


@dataclass(frozen=True)
class UnitName(Frozen):
    """A unit in a list (missing registrations or reports): name and tier label."""

    name: str
    tier: str


@dataclass(frozen=True)
class TierTiming(Frozen):
    """Units expected, on time, late and missing in one tier ('' and 'Tổng cộng': the total)."""

    tier: str
    label: str
    expected: int
    on_time: int
    late: int
    missing: int

    @property
    def received(self):
        return self.on_time + self.late


# --- Sections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitsRow(Frozen):
    tier: str
    label: str
    active: int
    started: int
    ended: int


@dataclass(frozen=True)
class UnitsSection(Frozen):
    """Units per tier: active on `as_of`, started and ended during the period."""

    as_of: str
    rows: list[UnitsRow]
    total: UnitsRow


@dataclass(frozen=True)
class RegistrationRow(TierTiming):
    returned: int
    accepted: int
    rate: float | None  # registered (on time or late) of expected, in percent
    on_time_rate: float | None


@dataclass(frozen=True)
class ExtendedUnit(Frozen):
    name: str
    tier: str
    deadline_on: str
    reason: str
    timing: str


@dataclass(frozen=True)
class RegistrationSection(Frozen):
    year: int
    deadline_on: str
    rows: list[RegistrationRow]
    total: RegistrationRow
    missing_units: list[UnitName] | None = _omitted_if_none()
    extended_units: list[ExtendedUnit] = field(default_factory=list)


@dataclass(frozen=True)
class ReportsRow(TierTiming):
    acknowledged: int
    returned: int
    rate: float | None


@dataclass(frozen=True)
class ReportFigure(Frozen):
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class TargetCounts(Frozen):
    met: int
    in_progress: int
    not_met: int
    total: int


@dataclass(frozen=True)
class PeriodicReportsSection(Frozen):
    period: str
    kind: str
    due_on: str
    rows: list[ReportsRow]
    total: ReportsRow
    missing_units: list[UnitName] | None = _omitted_if_none()
    figures: list[ReportFigure] = field(default_factory=list)
    targets: TargetCounts = field(default_factory=lambda: TargetCounts(0, 0, 0, 0))


@dataclass(frozen=True)
class CriterionLine(Frozen):
    code: str
    text: str
    requirement: str
    mandatory: bool
    scored: int
    met: int
    share: float | None
    average_percent: float | None


@dataclass(frozen=True)
class RankingRow(Frozen):
    rank: int
    name: str
    score: float | None
    eligible: bool


@dataclass(frozen=True)
class CriteriaTier(Frozen):
    tier: str
    label: str
    scored: int
    pending: int
    eligible: int
    max_points: float | None
    average_score: float | None
    top_score: float | None
    criteria: list[CriterionLine]
    distribution: list[int]
    ranking: list[RankingRow] = field(default_factory=list)


@dataclass(frozen=True)
class CriteriaSection(Frozen):
    buckets: list[str]
    tiers: list[CriteriaTier]


@dataclass(frozen=True)
class AwardCounts(Frozen):
    proposed: int = 0
    approved: int = 0
    forwarded: int = 0
    awarded: int = 0
    bonus: int = 0


AWARD_COUNTS = tuple(item.name for item in dataclasses.fields(AwardCounts))


@dataclass(frozen=True)
class AwardRow(Frozen):
    form: str
    tier: str
    tier_label: str
    subject: str
    subject_label: str
    proposed: int
    approved: int
    forwarded: int
    awarded: int
    bonus: int


@dataclass(frozen=True)
class FormCounts(Frozen):
    form: str
    proposed: int
    approved: int
    forwarded: int
    awarded: int
    bonus: int


@dataclass(frozen=True)
class ProposalCounts(Frozen):
    sent: int
    submitted: int
    returned: int
    accepted: int


@dataclass(frozen=True)
class AwardsSection(Frozen):
    proposals: ProposalCounts
    rows: list[AwardRow]
    by_form: list[FormCounts]
    total: AwardCounts


@dataclass(frozen=True)
class PilotRow(Frozen):
    name: str
    tier: str
    registration: str
    registration_status: str
    report: str
    report_status: str
    score: float | None = None
    rank: str = ""


@dataclass(frozen=True)
class PilotsSection(Frozen):
    rows: list[PilotRow]


@dataclass(frozen=True)
class InspectionRow(Frozen):
    name: str
    tier: str
    day: str
    status: str
    findings: int
    recommendations: int
    answered: int


@dataclass(frozen=True)
class InspectionsSection(Frozen):
    """The year's inspections (plan III.4; annual summaries): units planned and inspected,
    findings, recommendations and those the units answered."""

    year: int
    planned: int
    done: int
    findings: int
    recommendations: int
    answered: int
    rows: list[InspectionRow]


@dataclass(frozen=True)
class Sections(Frozen):
    """The sections of a 6-month or annual summary, in the order they are shown; None for
    a section with nothing to report (or frozen before it existed)."""

    units: UnitsSection | None = None
    registration: RegistrationSection | None = None
    periodic_reports: PeriodicReportsSection | None = None
    criteria: CriteriaSection | None = None
    awards: AwardsSection | None = None
    pilots: PilotsSection | None = None
    inspections: InspectionsSection | None = None


@dataclass(frozen=True)
class YearSections(Frozen):
    """One year of the final review (unit lists left out: they belong to the yearly reports)."""

    units: UnitsSection | None = None
    registration: RegistrationSection | None = None
    six_month_reports: PeriodicReportsSection | None = None
    annual_reports: PeriodicReportsSection | None = None
    criteria: CriteriaSection | None = None
    awards: AwardsSection | None = None


# --- The whole ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Header(Frozen):
    schema: int = SCHEMA
    kind: str
    year: int
    title: str
    campaign: str
    issuer: str
    office: str
    locality: str
    computed_at: str


@dataclass(frozen=True)
class Period(Frozen):
    label: str
    kind: str
    starts_on: str
    ends_on: str
    due_on: str


@dataclass(frozen=True, kw_only=True)
class SummaryFigures(Header):
    """A 6-month or annual summary."""

    period: Period
    sections: Sections


@dataclass(frozen=True, kw_only=True)
class ReviewFigures(Header):
    """The final review: every campaign year side by side."""

    years: list[int]
    per_year: dict[str, YearSections]

    def each_year(self):
        """(year, its sections) in campaign order."""
        return [(year, self.per_year[str(year)]) for year in self.years]

    def each(self, key):
        """The `key` section of each year, in campaign order (None for a year without it)."""
        return [getattr(sections, key) for _year, sections in self.each_year()]


def load(data):
    """Typed figures from what an issue stored (or already typed figures); None for none."""
    if not data:
        return None
    if isinstance(data, Header):
        return data
    return (ReviewFigures if data["kind"] == "review" else SummaryFigures).from_dict(data)
