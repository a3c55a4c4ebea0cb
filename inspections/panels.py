"""The inspection's findings beside the unit's figures on the office's scoring page."""

from django.template.loader import render_to_string

from criteria.panels import ReviewPanel

from . import queries
from .permissions import can_view_inspection


def findings_panel(user, assessment):
    """The unit's recorded inspection of the assessment's year: a summary above the lines
    and each criterion's findings on its line; None if the unit was not inspected."""
    criterion_set = assessment.criterion_set
    inspection = queries.findings_beside_scoring(
        assessment.unit_id, criterion_set.campaign_id, criterion_set.year
    )
    if inspection is None or not can_view_inspection(user, inspection):
        return None
    notes = {}
    for finding in inspection.findings.all():
        if finding.criterion_id:
            notes.setdefault(finding.criterion_id, []).append(finding.text)
    html = render_to_string(
        "inspections/_findings_panel.html", {"inspection": inspection, "assessment": assessment}
    )
    return ReviewPanel(html=html, notes=notes)
