"""Who holds a campaign's roles on a given day (issue 9: dated assignments, handovers).

A paper names the bodies assigned on its own date: the standing office, the council and
its secretariat, the authority that decides an award form, and the body its reports are
addressed to ("Kính gửi"). `services.hand_over_campaign` passes roles on at a date.

The plan's issuer is a role too: "Căn cứ Kế hoạch … của <issuer>" names the body
assigned on the paper's date, marked "(cũ)" once that body has ceased to exist (a plan
of an abolished district still stands). A role without an assignment covering the day
is refused with a Vietnamese message, never guessed.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import lower_first, short_date
from documents.services import DocumentError

from .models import CampaignRole

Kind = CampaignRole.Kind


def _covers(assignment, day):
    return assignment.valid_from <= day and (
        assignment.valid_to is None or day <= assignment.valid_to
    )


@dataclass
class CampaignRoles:
    """The bodies holding a campaign's roles on `day` (read once: one query)."""

    campaign: object
    day: object
    assignments: list = field(default_factory=list)

    def body(self, kind, award_form=None):
        """The body holding `kind` on the day; for the award authority, the one assigned
        to `award_form` before the one assigned to every form. Refuses (DocumentError,
        in Vietnamese) a day no assignment covers once the role has assignments."""
        rows = [a for a in self.assignments if a.kind == kind]
        if kind == Kind.AWARD_AUTHORITY and award_form is not None:
            own = [a for a in rows if a.award_form_id == award_form.pk]
            rows = own or [a for a in rows if a.award_form_id is None]
        current = [
            a
            for a in rows
            if a.valid_from <= self.day and (a.valid_to is None or self.day <= a.valid_to)
        ]
        if current:
            return current[-1].body
        raise DocumentError(
            _(
                "Phong trào “%(campaign)s” chưa có %(role)s ngày %(day)s (quản trị hệ thống cần bàn giao)."
            )
            % {
                "campaign": self.campaign.name,
                "role": str(Kind(kind).label).lower(),
                "day": short_date(self.day),
            }
        )

    def name_or(self, kind, default=""):
        """The holder's name in a sentence, `default` if no one holds `kind` on the day."""
        try:
            return self.body(kind).sentence_name
        except DocumentError:
            return default

    @property
    def plan_issuer(self):
        return self.body(Kind.PLAN_ISSUER)

    def plan_issuer_name(self):
        """The plan issuer's name in a sentence, "(cũ)" once the body has ceased on the
        day (the practice after the 2025 reorganisation: "UBND huyện … (cũ)")."""
        body = self.plan_issuer
        name = body.sentence_name
        return name if body.is_active_on(self.day) else f"{name} (cũ)"

    def plan_basis(self):
        """'Căn cứ Kế hoạch số … của <issuer> về <movement>;' on the day."""
        campaign = self.campaign
        number = (
            f" số {campaign.plan_number}"
            if campaign.plan_number and campaign.plan_number[:1].isdigit()
            else ""
        )
        return (
            f"Căn cứ Kế hoạch{number} của {self.plan_issuer_name()} về "
            f"{lower_first(campaign.name)};"
        )

    @property
    def standing_office(self):
        return self.body(Kind.STANDING_OFFICE)

    def proposing_unit(self, user=None):
        """The unit that proposes for the standing office on the day (the office's own award
        proposals, plan VI.1): the standing office's own unit; when that body is no unit of
        the portal (a province's Sở after 1/7/2025), the unit of the last standing office
        before the day that had one; failing both, `user`'s own unit. None if none does."""
        try:
            unit = self.standing_office.unit
        except DocumentError:
            unit = None
        if unit is None:
            earlier = [
                a
                for a in self.assignments
                if a.kind == Kind.STANDING_OFFICE
                and a.valid_from <= self.day
                and a.body.unit is not None
            ]
            if earlier:
                unit = max(earlier, key=lambda a: (a.valid_from, a.pk)).body.unit
        if unit is None and user is not None:
            unit = user.unit
        return unit

    @property
    def council(self):
        return self.body(Kind.COUNCIL)

    @property
    def council_secretariat(self):
        return self.body(Kind.COUNCIL_SECRETARIAT)

    @property
    def report_recipient(self):
        return self.body(Kind.REPORT_RECIPIENT)

    def authority(self, award_form=None):
        """Who decides `award_form` on the day: the body assigned to that form, else the
        one assigned to every form — or, for a form the locality does not decide (the
        provincial chairman's Bằng khen), that body's parent."""
        body = self.body(Kind.AWARD_AUTHORITY, award_form)
        if award_form is None or award_form.is_decided_locally:
            return body
        if any(a.award_form_id == award_form.pk for a in self.assignments):
            return body
        return body.parent or body

    def decides(self, award_form):
        """Whether the campaign's own authority decides `award_form` on the day, on its
        council's advice, rather than forwarding it up: every form it is competent for,
        and — once a province has taken the campaign over — the province's own forms."""
        if award_form.is_decided_locally:
            return True
        if not any(
            a.kind == Kind.AWARD_AUTHORITY and _covers(a, self.day) for a in self.assignments
        ):
            return False
        try:
            return self.authority(award_form).pk == self.council.parent_id
        except DocumentError:
            return False

    def chairman(self, award_form=None):
        """'Chủ tịch Ủy ban nhân dân …': who signs the award decision."""
        return f"Chủ tịch {self.authority(award_form).sentence_name}"


def roles_on(campaign, day):
    """The campaign's role holders on `day`. Every assignment of the campaign is read
    (a handful of rows) so a missing role can tell "never assigned" from "not that day"."""
    return CampaignRoles(
        campaign=campaign,
        day=day,
        # The model's order within one campaign, without its join to the campaign (its
        # default order starts with the campaign's own): cheaper to build and to run.
        assignments=list(
            CampaignRole.objects.filter(campaign=campaign)
            .select_related("body__parent", "body__unit")
            .order_by("kind", "valid_from", "pk")
        ),
    )


def holder_today(campaign, kind, default):
    """The name of the body holding `kind` today, for messages; `default` if none."""
    return roles_on(campaign, timezone.localdate()).name_or(kind, default)


def office_name(campaign):
    """The campaign's standing office today, by name, for a message (a district's Phòng
    Văn hóa và Thông tin, a commune's Phòng Văn hóa - Xã hội)."""
    return holder_today(campaign, Kind.STANDING_OFFICE, _("cơ quan thường trực phong trào"))


def office_only(campaign, action):
    """The refusal for a step only the campaign's standing office takes: "Chỉ cơ quan
    thường trực phong trào (<its holder today>) mới <action>." — the holder named from
    the campaign's data (a district's Phòng Văn hóa và Thông tin, a commune's Phòng Văn
    hóa - Xã hội), or no name without a campaign or a holder."""
    name = holder_today(campaign, Kind.STANDING_OFFICE, "") if campaign is not None else ""
    return _("Chỉ cơ quan thường trực phong trào%(office)s mới %(action)s.") % {
        "office": f" ({name})" if name else "",
        "action": action,
    }
