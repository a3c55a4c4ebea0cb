"""The colour of a status badge, by what the state means to the reader (one table for
every workflow: unit documents, nominees, meetings, decisions, summaries, jobs)."""

from django import template

register = template.Library()

TONES = {
    # Not yet sent, or waiting for its turn.
    "not_started": "secondary",
    "draft": "secondary",
    "pending": "secondary",
    # With the other side: sent, on the council's table, being made.
    "submitted": "primary",
    "on_time": "primary",
    "sent": "primary",
    "included": "primary",
    "open": "primary",
    "queued": "primary",
    "running": "primary",
    # Needs attention.
    "late": "warning",
    "returned": "danger",
    "not_approved": "danger",
    "missing": "danger",
    "failed": "danger",
    # Gone on to the province; awarded.
    "forwarded": "info",
    "awarded": "warning",
}


@register.filter
def badge_tone(status):
    """'returned' -> 'text-bg-danger'; a done state (accepted, scored, issued…) is green."""
    return f"text-bg-{TONES.get(str(status), 'success')}"
