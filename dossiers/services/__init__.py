"""Award dossier workflow, from the unit's proposal to the decision (plan IV.3–V): the
writes, one module per step of the path.

Proposal (`proposals`): draft → submitted (by the unit head) → returned (per nominee,
with reasons) | accepted (by the culture office, `review`). Nominee: pending → accepted |
returned → included in the district submission (`consolidation`) → approved | not
approved by the council (`meetings`) → awarded by a decision (`decisions`), or forwarded
to the province (Bằng khen, `forwarding`) and then awarded. `bulk_print` prints a
meeting's dossiers in the background. Every transition checks the actor's role and the
current state and writes the state and a transition record in one transaction; what a
unit submitted is frozen as a Version.

Callers import from the package (`from dossiers import services`, then
`services.submit_proposal(...)`): the names below are the app's write API, the modules
are how it is filed. Reads are in `dossiers.queries`.
"""

from .bulk_print import (
    cancel_bulk_print,
    merge_bulk_print,
    recover_bulk_prints,
    render_bulk_part,
    start_bulk_print,
)
from .common import DossierError
from .consolidation import exclude_from_submission, send_submission, start_submission
from .decisions import check_decision_date, draft_decision, issue_decision, update_decision
from .forwarding import forward_to_province
from .meetings import check_meeting_date, close_meeting, open_meeting, record_votes
from .proposals import (
    NOMINEE_FIELDS,
    PERSONAL_FIELDS,
    add_nominee,
    import_nominees,
    remove_nominee,
    snapshot,
    start_office_proposal,
    start_proposal,
    submit_proposal,
    update_nominee,
)
from .review import review_proposal

__all__ = [
    "NOMINEE_FIELDS",
    "PERSONAL_FIELDS",
    "DossierError",
    "add_nominee",
    "cancel_bulk_print",
    "check_decision_date",
    "check_meeting_date",
    "close_meeting",
    "draft_decision",
    "exclude_from_submission",
    "forward_to_province",
    "import_nominees",
    "issue_decision",
    "merge_bulk_print",
    "open_meeting",
    "record_votes",
    "recover_bulk_prints",
    "remove_nominee",
    "render_bulk_part",
    "review_proposal",
    "send_submission",
    "snapshot",
    "start_bulk_print",
    "start_office_proposal",
    "start_proposal",
    "start_submission",
    "submit_proposal",
    "update_decision",
    "update_nominee",
]
