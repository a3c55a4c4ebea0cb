"""What the home page shows each role."""

from django.utils import timezone

from core.db import CompiledRead

from . import deadlines, queries
from .models import (
    Campaign,
    DeadlineExtension,
    DisplayStatus,
    Registration,
    RegistrationWindow,
)
from .permissions import can_list_registrations

# A unit member's home (every campaign is visible to units: Campaign.visible_to), the
# reads of WindowQuerySet.current, extended_on and the unit's registration, compiled once
# per process (core.db.CompiledRead, issue 10).
_CURRENT_WINDOW = CompiledRead(lambda year: RegistrationWindow.objects.latest_first(year)[:1])
_EXTENSION = CompiledRead(
    lambda window, unit: (
        DeadlineExtension.objects.filter(window_id=window, unit_id=unit)
        .only("deadline_on")
        .order_by("pk")[:1]
    )
)
_REGISTRATION = CompiledRead(
    lambda window, unit: Registration.objects.filter(window_id=window, unit_id=unit)[:1]
)


def _unit_window(user):
    """(window, the unit's deadline, its registration) of a unit member's home, or None."""
    year = timezone.localdate().year
    found = _CURRENT_WINDOW.objects(year=year)
    if not found:
        return None
    window = found[0]
    extension = _EXTENSION.objects(window=window.pk, unit=user.unit_id)
    deadline_on = deadlines.effective_deadline(
        window.deadline_on, extension[0].deadline_on if extension else None
    )
    registration = _REGISTRATION.objects(window=window.pk, unit=user.unit_id)
    return window, deadline_on, registration[0] if registration else None


def dashboard_context(user):
    if user.is_unit_member:
        found = _unit_window(user)
        if found is None:
            return {"window": None}
        window, deadline_on, registration = found
        context = {
            "window": window,
            "extended_on": deadline_on if deadline_on != window.deadline_on else None,
            "registration": registration,
        }
        return _countdown(context, window, deadline_on)
    window = RegistrationWindow.objects.filter(
        campaign__in=Campaign.objects.visible_to(user)
    ).current()
    context = {"window": window}
    if window is None:
        return context
    context = _countdown(context, window, window.deadline_on)
    if can_list_registrations(user):
        counts = queries.status_counts(window)  # once per change of the data
        context["counts"] = [
            (value, label, counts[value]) for value, label in DisplayStatus.choices
        ]
        context["total_units"] = sum(counts.values())
    return context


def _countdown(context, window, deadline_on):
    """The countdown to `deadline_on` the home page shows."""
    now = timezone.now()
    context["time_left"] = deadlines.time_left(deadline_on, now)
    context["deadline_passed"] = context["time_left"].total_seconds() <= 0
    context["time_left_text"] = deadlines.describe_time_left(context["time_left"])
    # A movement whose last year has passed is history: no countdown of the days overdue.
    context["campaign_over"] = window.campaign.end_year < timezone.localdate(now).year
    return context
