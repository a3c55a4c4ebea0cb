"""Reads of the registration overview: every unit of a year with its status."""

from django.db.models import OuterRef, Q, Subquery

from units.models import Tier, Unit

from .models import DisplayStatus, Registration, display_status


def expected_units(window):
    """THE units expected to register in `window`: those in force when the window closes
    (on the last day before the deadline), plus any unit that did register. A commune
    created on 1/7/2025 is not "missing" in 2025; one dissolved before the deadline is not
    expected either.

    The overview, the dashboard, the XLSX, the summaries, their charts and the open data
    all count with this definition (is_expected below is the same rule on loaded rows).
    """
    registered = Registration.objects.filter(window=window).values("unit_id")
    in_force = Unit.objects.active_on(window.last_day_on)
    return Unit.objects.filter(Q(pk__in=registered) | Q(pk__in=in_force.values("pk")))


def is_expected(unit, window, *, registered):
    """expected_units(window) for one unit row (a dict with valid_from/valid_to) already
    loaded, e.g. by the summaries' dataset: same rule, no query."""
    day = window.last_day_on
    return registered or (
        (unit["valid_from"] is None or unit["valid_from"] <= day)
        and (unit["valid_to"] is None or unit["valid_to"] >= day)
    )


def overview(window, *, q="", tier="", status=""):
    """Rows (unit, registration or None, display status) for every unit expected to register.

    Two queries whatever the number of units: units with their registration's fields
    annotated, then nothing per row.
    """
    registrations = Registration.objects.filter(window=window, unit=OuterRef("pk"))
    units = expected_units(window).annotate(
        reg_id=Subquery(registrations.values("pk")[:1]),
        reg_status=Subquery(registrations.values("status")[:1]),
        reg_is_late=Subquery(registrations.values("is_late")[:1]),
        reg_first_submitted_at=Subquery(registrations.values("first_submitted_at")[:1]),
    )
    if q:
        units = units.search(q)
    if tier:
        units = units.filter(tier=tier)
    units = units.in_vietnamese_order("tier")
    rows = []
    for unit in units:
        row_status = display_status(unit.reg_status, unit.reg_is_late)
        rows.append({"unit": unit, "status": row_status})
    counts = {choice: 0 for choice in DisplayStatus.values}
    for row in rows:
        counts[row["status"]] += 1
    if status:
        rows = [row for row in rows if row["status"] == status]
    return rows, counts


def tier_choices():
    return Tier.choices
