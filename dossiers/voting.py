"""The council's vote (plan V; Law 06/2022, art. 56): quorum of members present against
the council's size, approval of "yes" votes against the members present. The rule's
figures are data per campaign (DossierRule), copied onto each meeting."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import Vote


class Outcome:
    NO_QUORUM = "no_quorum"
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"


OUTCOME_LABELS = {
    Outcome.NO_QUORUM: gettext_lazy("Không đủ số thành viên dự họp"),
    Outcome.APPROVED: gettext_lazy("Tán thành"),
    Outcome.NOT_APPROVED: gettext_lazy("Không tán thành"),
}


@dataclass(frozen=True)
class Tally:
    """The vote count on one nominee and what follows from it."""

    member_count: int
    present: int
    yes: int
    no: int
    abstain: int
    has_quorum: bool
    is_approved: bool

    @property
    def missing(self):
        return self.present - self.yes - self.no - self.abstain

    @property
    def outcome(self):
        if not self.has_quorum:
            return Outcome.NO_QUORUM
        return Outcome.APPROVED if self.is_approved else Outcome.NOT_APPROVED

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]

    @property
    def open_label(self):
        """What an open meeting shows: votes not yet entered are not a "no" until it closes."""
        if self.has_quorum and not self.is_approved and self.missing:
            if self.missing == self.present:
                return _("Chưa biểu quyết")
            return ngettext(
                "Chưa đủ phiếu (còn %(n)s phiếu chưa ghi)",
                "Chưa đủ phiếu (còn %(n)s phiếu chưa ghi)",
                self.missing,
            ) % {"n": self.missing}
        return self.outcome_label


def count_votes(choices, *, present, member_count, rule):
    """Tally `choices` (one per member who voted) under `rule` (a VotingRule).

    Quorum: members present against the council's size. Approval: "yes" votes against
    the members present, so abstentions and missing votes count against.
    """
    yes = sum(1 for c in choices if c == Vote.Choice.YES)
    no = sum(1 for c in choices if c == Vote.Choice.NO)
    abstain = sum(1 for c in choices if c == Vote.Choice.ABSTAIN)
    has_quorum = rule.quorum.is_met(present, member_count)
    return Tally(
        member_count=member_count,
        present=present,
        yes=yes,
        no=no,
        abstain=abstain,
        has_quorum=has_quorum,
        is_approved=has_quorum and rule.approval.is_met(yes, present),
    )
