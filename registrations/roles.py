"""Who holds a campaign's roles on a given day (issue 9: dated assignments, handovers).

A paper names the bodies assigned on its own date: the standing office, the council and
its secretariat, the authority that decides an award form, and the body its reports are
addressed to ("Kính gửi"). `services.hand_over_campaign` passes roles on at a date.

A campaign that has never had a role assigned (one created before the assignments, or
in a test) falls back to its founding units and the body named like its issuer, as the
papers did before; once a role has assignments, a day none covers is refused.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import short_date
from documents.letterhead import committee_fields
from documents.models import IssuingBody
from documents.services import DocumentError, issuer_for_unit

from .models import CampaignRole

Kind = CampaignRole.Kind


def district_body(campaign):
    """The body named like the campaign's issuer (the founding authority), created on
    first use when no body carries that name."""
    body = IssuingBody.objects.named(campaign.issuer_name).first()
    if body is not None:
        return body
    body, _created = IssuingBody.objects.get_or_create(
        code="ubnd-huyen",
        defaults={
            **committee_fields(campaign.issuer_name),
            "abbreviation": "UBND",
            "place_name": campaign.locality_name,
        },
    )
    return body


def council_of(authority, place_name):
    """The council under `authority` (each authority has its own council, with its own
    number sequence: Decree 30/2020), created on first use."""
    body = IssuingBody.objects.filter(parent=authority, abbreviation="HĐTĐKT").first()
    if body is not None:
        return body
    body, _created = IssuingBody.objects.get_or_create(
        code="hoi-dong-tdkt",
        defaults={
            "name": "Hội đồng Thi đua –\nKhen thưởng",
            "abbreviation": "HĐTĐKT",
            "parent": authority,
            "place_name": place_name,
        },
    )
    return body


def _founding_body(campaign, kind):
    if kind == Kind.STANDING_OFFICE:
        return issuer_for_unit(campaign.standing_office, campaign=campaign)
    if kind == Kind.COUNCIL_SECRETARIAT:
        return issuer_for_unit(campaign.council_secretariat, campaign=campaign)
    if kind == Kind.COUNCIL:
        return council_of(district_body(campaign), campaign.locality_name)
    if kind == Kind.REPORT_RECIPIENT:
        office = issuer_for_unit(campaign.standing_office, campaign=campaign)
        return office.parent or district_body(campaign)
    return district_body(campaign)


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
        if not rows:
            return _founding_body(self.campaign, kind)
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

    @property
    def standing_office(self):
        return self.body(Kind.STANDING_OFFICE)

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
        assignments=list(
            CampaignRole.objects.filter(campaign=campaign).select_related("body__parent")
        ),
    )


def holder_today(campaign, kind, default):
    """The name of the body holding `kind` today, for messages; `default` if none."""
    try:
        return roles_on(campaign, timezone.localdate()).body(kind).sentence_name
    except DocumentError:
        return default
