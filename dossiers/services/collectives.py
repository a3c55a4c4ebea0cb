"""The office's collectives from outside the registered units (plan VI.1: thematic or
outstanding achievements, enterprises, cooperatives, collectives outside any registered
unit): a unit of the portal's registry that did not register in the campaign that year,
or a collective typed by name with its address or parent body."""

from django.utils.translation import gettext as _

from core.text import nfc, same_name
from registrations.models import Registration
from units.models import Unit

from .. import queries
from .common import DossierError


def outside_collective(proposal, data, *, keep=None):
    """(registry unit or None, name, address) of the collective `data` names for the office
    proposal `proposal`; `keep` is the nominee being edited.

    Refuses neither or both of a unit and a name, a unit registered in the campaign that
    year (it proposes itself) or outside the campaign's units, a typed name that is a unit
    of the portal (to be chosen from the registry) and a collective already in the proposal.
    """
    unit = data.get("nominated_unit")
    name = nfc((data.get("collective_name") or "").strip())
    address = nfc((data.get("collective_address") or "").strip())
    if unit and name:
        raise DossierError(_("Đã chọn đơn vị trong danh mục thì không ghi thêm tên tập thể."))
    if not unit and not name:
        raise DossierError(_("Chọn một đơn vị trong danh mục hoặc ghi tên tập thể được đề xuất."))
    if unit:
        _check_registry_unit(proposal, unit, keep)
        name, address = unit.name, address or unit.address
    else:
        _check_typed_name(proposal, name)
    others = proposal.nominees.filter(subject="collective")
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    if any(
        same_name(other) == same_name(name)
        for other in others.values_list("collective_name", flat=True)
    ):
        raise DossierError(_("%(name)s đã có trong đề xuất.") % {"name": name})
    return unit, name, address


def _check_registry_unit(proposal, unit, keep):
    if queries.outside_units(proposal, keep=keep).filter(pk=unit.pk).exists():
        return
    registered = Registration.objects.filter(
        unit=unit, window__campaign=proposal.campaign, window__year=proposal.year
    ).exists()
    if registered:
        raise DossierError(
            _(
                "%(unit)s đã đăng ký thi đua năm %(year)s: đơn vị tự đề nghị khen thưởng tập thể "
                "qua hồ sơ của mình."
            )
            % {"unit": unit.name, "year": proposal.year}
        )
    if proposal.nominees.filter(nominated_unit=unit).exists():
        raise DossierError(_("%(name)s đã có trong đề xuất.") % {"name": unit.name})
    raise DossierError(
        _("%(unit)s không thuộc các đơn vị của phong trào năm %(year)s.")
        % {"unit": unit.name, "year": proposal.year}
    )


def _check_typed_name(proposal, name):
    units = Unit.objects.within(proposal.campaign.organisation_id).search(name)
    match = next((u for u in units if same_name(u.name) == same_name(name)), None)
    if match is not None:
        raise DossierError(
            _(
                "%(unit)s là đơn vị trong danh mục của cổng: chọn đơn vị này trong danh mục "
                "thay vì ghi tên."
            )
            % {"unit": match.name}
        )
