"""The campaign open today: a successor commune's movement under the two-level
government (seed/current/), so a newcomer can run the current year end to end.

Everything locality-specific is in seed/current/campaign.json. The open year is the
current year, computed here at load time, and its registration window closes a few
days from today so the newcomer registers on time.
"""

import datetime
import json

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from criteria import services as criteria_services
from criteria.models import CriterionSet
from documents.models import IssuingBody, Signer
from documents.services import issuer_for_unit
from dossiers.models import CouncilMember, DossierRule
from registrations import services as registration_services
from registrations.demo import moment
from registrations.models import Campaign, CampaignRole
from registrations.services import hand_over_campaign
from reports import services as report_services
from units.models import Role, Unit, User
from units.services import import_units

SEED_DIR = settings.BASE_DIR / "seed" / "current"


def load_units():
    """The units created with the commune (loaded with the others, before any history)."""
    with open(SEED_DIR / "units.csv", "rb") as handle:
        import_units(SimpleUploadedFile("units.csv", handle.read()), by=None)


def load(password):
    """Load the current campaign; return its demo accounts (User rows)."""
    data = json.loads((SEED_DIR / "campaign.json").read_text(encoding="utf-8"))
    today = timezone.localdate()
    starts_on = datetime.date.fromisoformat(data["valid_from"])
    load_units()
    commune = Unit.objects.get(code=data["commune"])
    # The commune's movement: its units, its accounts (issue 9: scoped to the commune).
    Unit.objects.filter(code__in=data["commune_units"]).update(organisation=commune)
    units = {u.code: u for u in Unit.objects.all()}
    campaign, created = Campaign.objects.get_or_create(
        name=data["name"],
        defaults={
            "theme": data["theme"],
            "locality_name": data["locality_name"],
            "plan_number": data["plan_number"],
            "start_year": min(data["start_year"], today.year),
            "end_year": max(data["end_year"], today.year),
            "organisation": commune,
            "deadline_day": data["deadline"]["day"],
            "deadline_month": data["deadline"]["month"],
        },
    )
    registration_services.ensure_windows(campaign)
    report_services.ensure_periods(campaign)  # its 6-month and annual reports are due too
    if created:
        _open_today(campaign, today, data["days_left_to_register"])
    bodies = _load_bodies(data, units, starts_on)
    _load_roles(campaign, bodies, units[data["council_secretariat"]], data["issuer_name"])
    _load_council(data, starts_on, bodies["council"])
    DossierRule.objects.get_or_create(
        campaign=campaign, defaults={"allows_summary": True, "fund_name": data["fund_name"]}
    )
    accounts = _load_accounts(data, units, password, commune)
    office = next(u for u in accounts if u.is_culture_office)
    for tier, rows in data["criteria"].items():
        if not CriterionSet.objects.filter(campaign=campaign, year=today.year, tier=tier).exists():
            criteria_services.create_criterion_set(campaign, today.year, tier, rows=rows, by=office)
    return accounts


def _open_today(campaign, today, days_left):
    """The current year's window opened on 1 January and closes `days_left` days from
    today (if the rule's deadline has passed), so the newcomer is on time."""
    window = campaign.windows.get(year=today.year)
    window.opens_on = datetime.date(today.year, 1, 1)
    window.deadline_on = max(window.deadline_on, today + datetime.timedelta(days=days_left))
    window.save()


def _load_bodies(data, units, starts_on):
    """The commune People's Committee issues its own papers (no parent line, Decree
    30/2020 Annex I), its culture office and its council under it."""
    specs = data["bodies"]
    commune = _body(specs["commune"], starts_on, unit=units[data["commune"]])
    office = _body(specs["office"], starts_on, parent=commune, unit=units[data["standing_office"]])
    council = _body(specs["council"], starts_on, parent=commune)
    bodies = {"commune": commune, "office": office, "council": council}
    for key, body in bodies.items():
        for order, (full_name, position, authority, authority_of) in enumerate(
            data["signers"][key], start=1
        ):
            Signer.objects.get_or_create(
                issuer=body,
                full_name=full_name,
                position=position,
                defaults={
                    "authority": authority,
                    "authority_of": authority_of,
                    "order": order,
                    "valid_from": starts_on,
                },
            )
    return bodies


def _load_roles(campaign, bodies, secretariat_unit, issuer_name):
    """The commune holds every role of its own movement from the campaign's start (its
    People's Committee issued the plan), assigned by the portal's first admin — or, with
    no admin loaded, recorded directly."""
    if campaign.roles.exists():
        return
    Kind = CampaignRole.Kind
    start = datetime.date(campaign.start_year, 1, 1)
    secretariat = issuer_for_unit(secretariat_unit, campaign=campaign, parent=bodies["commune"])
    assignments = [
        (Kind.PLAN_ISSUER, bodies["commune"]),
        (Kind.STANDING_OFFICE, bodies["office"]),
        (Kind.COUNCIL, bodies["council"]),
        (Kind.COUNCIL_SECRETARIAT, secretariat),
        (Kind.AWARD_AUTHORITY, bodies["commune"]),
        (Kind.REPORT_RECIPIENT, bodies["commune"]),
    ]
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    if admin is None:
        CampaignRole.objects.bulk_create(
            CampaignRole(campaign=campaign, kind=kind, body=body, valid_from=start)
            for kind, body in assignments
        )
        return
    hand_over_campaign(
        campaign,
        on=start,
        assignments=assignments,
        by=admin,
        reason=f"Kế hoạch {campaign.plan_number} của {issuer_name}",
        now=moment(start),
    )


def _body(spec, starts_on, **links):
    body, _created = IssuingBody.objects.get_or_create(
        code=spec["code"],
        defaults={
            **{k: v for k, v in spec.items() if k != "code"},
            **links,
            "valid_from": starts_on,
        },
    )
    return body


def _load_council(data, starts_on, council):
    """The commune's own council, from the commune's first day."""
    for order, (full_name, council_position, position) in enumerate(
        data["council_members"], start=1
    ):
        CouncilMember.objects.get_or_create(
            full_name=full_name,
            council=council,
            valid_from=starts_on,
            defaults={"council_position": council_position, "position": position, "order": order},
        )


def _load_accounts(data, units, password, commune):
    accounts = []
    for username, full_name, role, unit_code, position in data["accounts"]:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "role": role,
                "unit": units[unit_code] if unit_code else None,
                "organisation": None if unit_code else commune,
                "position": position,
                "email": f"{username}@example.invalid",
                "password": make_password(password),
            },
        )
        accounts.append(user)
    return accounts
