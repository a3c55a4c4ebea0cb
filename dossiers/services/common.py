"""What every step of the dossier workflow shares: the refusal, a nominee's state change,
the proposal's lock and edit checks."""

from django.utils.translation import gettext as _

from core.services import record_transition
from core.workflow import lock, require_state

from ..models import AwardProposal, Nominee
from ..permissions import can_work_on_proposal


class DossierError(Exception):
    """A refused dossier action; the message is shown to the user."""


def _set_nominee_status(nominee, status, *, by, at, comment=""):
    from_state = nominee.status
    nominee.status = status
    if status == Nominee.Status.RETURNED:
        nominee.return_reason = comment
    elif status in (Nominee.Status.PENDING, Nominee.Status.ACCEPTED):
        nominee.return_reason = ""
    nominee.save(update_fields=["status", "return_reason", "updated_at"])
    record_transition(
        nominee, by=by, from_state=from_state, to_state=status, comment=comment, at=at
    )


def _locked_proposal(proposal):
    return lock(proposal, "unit", "campaign", "registration")


def _check_unit_member(proposal, by):
    if not can_work_on_proposal(by, proposal):
        raise DossierError(_("Bạn không thuộc đơn vị của hồ sơ này."))


def _check_editable(proposal):
    require_state(
        proposal,
        AwardProposal.EDITABLE,
        DossierError,
        _("Hồ sơ đang ở trạng thái “%(status)s”, không sửa được."),
    )


def _check_nominee_editable(nominee):
    _check_editable(nominee.proposal)
    if nominee.status not in Nominee.EDITABLE:
        raise DossierError(
            _("%(name)s đã được tiếp nhận, không sửa được.") % {"name": nominee.name}
        )
