"""Reads of the registration overview: every unit of a year with its status."""

from django.db.models import OuterRef, Subquery

from units.models import Tier, Unit

from .models import DisplayStatus, Registration, display_status


def overview(window, *, q="", tier="", status=""):
    """Rows (unit, registration or None, display status) for every unit active in the year.

    Two queries whatever the number of units: units with their registration's fields
    annotated, then nothing per row.
    """
    registrations = Registration.objects.filter(window=window, unit=OuterRef("pk"))
    units = (
        Unit.objects.active_in_year(window.year)
        .annotate(
            reg_id=Subquery(registrations.values("pk")[:1]),
            reg_status=Subquery(registrations.values("status")[:1]),
            reg_is_late=Subquery(registrations.values("is_late")[:1]),
            reg_first_submitted_at=Subquery(registrations.values("first_submitted_at")[:1]),
        )
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
