"""What the home page shows each role."""

from django.utils import timezone

from . import deadlines, queries
from .models import Campaign, DisplayStatus, Registration, RegistrationWindow
from .permissions import can_list_registrations


def dashboard_context(user):
    window = RegistrationWindow.objects.filter(
        campaign__in=Campaign.objects.visible_to(user)
    ).current()
    context = {"window": window}
    if window is None:
        return context
    now = timezone.now()
    deadline_on = window.deadline_on
    if user.is_unit_member:
        deadline_on = window.deadline_for_unit(user.unit_id)
        context["extended_on"] = deadline_on if deadline_on != window.deadline_on else None
    context["time_left"] = deadlines.time_left(deadline_on, now)
    context["deadline_passed"] = context["time_left"].total_seconds() <= 0
    context["time_left_text"] = deadlines.describe_time_left(context["time_left"])
    # A movement whose last year has passed is history: no countdown of the days overdue.
    context["campaign_over"] = window.campaign.end_year < timezone.localdate(now).year
    if user.is_unit_member:
        context["registration"] = Registration.objects.filter(
            window=window, unit_id=user.unit_id
        ).first()
    elif can_list_registrations(user):
        counts = queries.status_counts(window)  # once per change of the data
        context["counts"] = [
            (value, label, counts[value]) for value, label in DisplayStatus.choices
        ]
        context["total_units"] = sum(counts.values())
    return context
