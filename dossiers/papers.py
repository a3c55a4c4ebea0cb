"""What issuing a decision needs from its printed draft (kept apart from document_kinds,
which imports the services)."""

import hashlib
import json

from documents.models import GeneratedDocument

DECISION_KIND = "award_decision"


def decision_fingerprint(decision):
    """What the frozen draft must still match when the decision is issued."""
    data = [
        decision.award_form_id,
        decision.decided_on.isoformat(),
        decision.signer_name,
        decision.signer_position,
        decision.fund_name,
        sorted(decision.awardees.values_list("pk", flat=True)),
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def finished_decision_draft(decision):
    """The newest finished, unnumbered version of the decision's document, or None."""
    return (
        GeneratedDocument.objects.of(DECISION_KIND, decision)
        .filter(issuance__isnull=True, status=GeneratedDocument.Status.DONE)
        .order_by("-version")
        .first()
    )


def has_issued_decision_document(decision):
    return (
        GeneratedDocument.objects.of(DECISION_KIND, decision)
        .filter(issuance__isnull=False)
        .exists()
    )
