"""Reads of the registration overview: every unit of a year with its status."""

from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, Value, When

from core.datacache import cached
from core.models import Transition
from units.models import Tier, Unit, active_on_condition, within_condition

from .models import CampaignRole, DeadlineExtension, DisplayStatus, Registration


def expected_units(window):
    """THE units expected to register in `window`: those in force when the window closes
    (on the last day before the deadline), plus any unit that did register. A commune
    created on 1/7/2025 is not "missing" in 2025; one dissolved before the deadline is not
    expected either.

    Only the units of the campaign's organisation (`Unit.within`) are expected.
    The overview, the dashboard, the XLSX, the summaries, their charts and the open data
    all count with this definition (is_expected below is the same rule on loaded rows).
    """
    registered = Registration.objects.filter(window=window).values("unit_id")
    in_force = Unit.objects.within(window.campaign.organisation_id).active_on(window.last_day_on)
    return Unit.objects.filter(Q(pk__in=registered) | Q(pk__in=in_force.values("pk")))


def is_expected(unit, window, *, registered):
    """expected_units(window) for one unit row (a dict with valid_from/valid_to) already
    loaded, e.g. by the summaries' dataset: same rule, no query."""
    day = window.last_day_on
    return registered or (
        (unit["valid_from"] is None or unit["valid_from"] <= day)
        and (unit["valid_to"] is None or unit["valid_to"] >= day)
    )


def _overview_units(window, *, q="", tier="", extension=True):
    """Expected units joined to their registration of `window` (one at most: a unique
    constraint), with the registration's fields and the display status computed in SQL;
    `extension`: also the unit's extended deadline (the rows show it, the counts do not).

    The units are expected_units(window), written as a condition on the join itself
    (registered, or in force within the organisation on the window's last day) rather
    than as two subqueries: one pass over the units, and with the units' (tier, name)
    index the page's rows come in order without sorting every unit (issue 10)."""
    units = Unit.objects.annotate(
        reg=FilteredRelation("registrations", condition=Q(registrations__window=window))
    ).filter(
        Q(reg__id__isnull=False)
        | (
            within_condition(window.campaign.organisation_id)
            & active_on_condition(window.last_day_on)
        )
    )
    if extension:
        units = units.annotate(
            ext=FilteredRelation(
                "deadline_extensions", condition=Q(deadline_extensions__window=window)
            ),
            ext_on=F("ext__deadline_on"),
        )
    units = units.annotate(
        reg_id=F("reg__id"),
        reg_status=F("reg__status"),
        reg_is_late=F("reg__is_late"),
        reg_first_submitted_at=F("reg__first_submitted_at"),
        display=Case(
            When(reg__id__isnull=True, then=Value(DisplayStatus.NOT_STARTED)),
            When(
                reg__status=Registration.Status.SUBMITTED,
                reg__is_late=True,
                then=Value(DisplayStatus.LATE),
            ),
            When(reg__status=Registration.Status.SUBMITTED, then=Value(DisplayStatus.ON_TIME)),
            default=F("reg__status"),
            output_field=CharField(),
        ),
    )
    if q:
        units = units.search(q)
    if tier:
        units = units.filter(tier=tier)
    return units


def overview(window, *, q="", tier="", status=""):
    """Rows (unit, display status) for every unit expected to register, in Vietnamese
    order by tier, and the count per display status; one query each."""
    units = _overview_units(window, q=q, tier=tier)
    counts = overview_counts(window, q=q, tier=tier)
    if status:
        units = units.filter(display=status)
    rows = [
        {"unit": unit, "status": DisplayStatus(unit.display)}
        for unit in units.in_vietnamese_order("tier")
    ]
    return rows, counts


def status_counts(window, *, q="", tier=""):
    """overview_counts, computed once per change of the data (core.datacache) when no
    search narrows it: the aggregate reads every unit (issue 10). Registrations change
    status by transitions and units by the import, which both make it stale."""
    if q:
        return overview_counts(window, q=q, tier=tier)
    return cached(
        f"registrations:status-counts:{window.pk}:{tier}",
        lambda: overview_counts(window, tier=tier),
    )


def overview_counts(window, *, q="", tier=""):
    """{display status: number of units} of the overview, from one aggregate query."""
    counts = dict.fromkeys(DisplayStatus.values, 0)
    grouped = _overview_units(window, q=q, tier=tier, extension=False).order_by().values("display")
    for row in grouped.annotate(n=Count("pk")):
        counts[row["display"]] += row["n"]
    return counts


def overview_rows(window, *, q="", tier="", status=""):
    """The overview's rows as plain values (no model objects), in Vietnamese order by tier:
    unit_id, name, tier, status, reg_id, reg_is_late, reg_first_submitted_at, ext_on (the
    unit's extended deadline, or None). Lazy: slice it
    (a page) or iterate it (an export)."""
    units = _overview_units(window, q=q, tier=tier)
    if status:
        units = units.filter(display=status)
    return units.in_vietnamese_order("tier").values(
        "name",
        "tier",
        "reg_id",
        "reg_is_late",
        "reg_first_submitted_at",
        "ext_on",
        unit_id=F("pk"),
        status=F("display"),
    )


def tier_choices():
    return Tier.choices


def extensions(window):
    """The window's extensions with their unit, registration status and granter (one query)."""
    return (
        DeadlineExtension.objects.for_window(window)
        .select_related("unit", "granted_by")
        .annotate(
            reg=FilteredRelation(
                "unit__registrations", condition=Q(unit__registrations__window=window)
            ),
            reg_id=F("reg__id"),
            reg_status=F("reg__status"),
            reg_is_late=F("reg__is_late"),
        )
        .order_by("unit__name", "pk")
    )


def campaign_role_history(campaign):
    """A campaign's role assignments (every holder, past and present, by role and date)
    and its handovers (transition records, newest first): two queries."""
    assignments = list(
        CampaignRole.objects.filter(campaign=campaign)
        .select_related("body", "award_form")
        .order_by("kind", "valid_from", "pk")
    )
    handovers = list(
        Transition.objects.for_object(campaign).select_related("actor").order_by("-at", "-pk")
    )
    return assignments, handovers
