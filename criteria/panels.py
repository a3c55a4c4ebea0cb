"""What an app above criteria shows on the office's scoring page beside a unit's figures
(the inspections' findings, plan III.4). An app registers `panel(user, assessment)` at
start-up (its AppConfig.ready) returning a ReviewPanel or None; criteria imports none of
them."""

from dataclasses import dataclass, field


@dataclass
class ReviewPanel:
    html: str = ""  # shown above the lines
    notes: dict = field(default_factory=dict)  # criterion id -> [text] shown on its line


_PANELS = []


def register_review_panel(panel):
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def review_panels(user, assessment):
    """The registered panels for `assessment`: their HTML (empty ones left out) and their
    notes merged per criterion id."""
    htmls, notes = [], {}
    for panel in _PANELS:
        shown = panel(user, assessment)
        if shown is None:
            continue
        if shown.html:
            htmls.append(shown.html)
        for criterion_id, texts in shown.notes.items():
            notes.setdefault(criterion_id, []).extend(texts)
    return htmls, notes
