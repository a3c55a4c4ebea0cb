"""What issuing a decision needs from its printed draft (kept apart from document_kinds,
which imports the services)."""

import hashlib
import json

from core.db import CompiledRead
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


PROPOSAL_LETTER_KIND = "award_proposal_letter"


_ISSUED_LETTER = CompiledRead(
    lambda content_type, proposal: GeneratedDocument.objects.filter(
        kind=PROPOSAL_LETTER_KIND,
        content_type_id=content_type,
        object_id=proposal,
        issuance__isnull=False,
        status=GeneratedDocument.Status.DONE,
    ).values_list("pk")[:1]
)


def has_issued_letter(proposal):
    """Whether `proposal`'s Tờ trình has an issued, finished version: issued_letters for
    one proposal, in a query compiled once per process (the proposal page asks it)."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(proposal).pk
    return bool(_ISSUED_LETTER.rows(content_type=content_type, proposal=proposal.pk))


def issued_letters(proposals):
    """{proposal pk: reference} of the proposals whose Tờ trình has an issued (numbered),
    finished version; a proposal missing from it has only a "DỰ THẢO" or nothing."""
    from django.contrib.contenttypes.models import ContentType

    proposals = list(proposals)
    if not proposals:
        return {}
    documents = (
        GeneratedDocument.objects.filter(
            kind=PROPOSAL_LETTER_KIND,
            content_type=ContentType.objects.get_for_model(proposals[0]),
            object_id__in=[p.pk for p in proposals],
            issuance__isnull=False,
            status=GeneratedDocument.Status.DONE,
        )
        .order_by("object_id", "-version")
        .only("object_id", "snapshot")
    )
    found = {}
    for document in documents:
        found.setdefault(document.object_id, document.reference)
    return found
