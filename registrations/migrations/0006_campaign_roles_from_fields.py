"""Existing campaigns: their single role fields become assignments from the campaign's
start. Only bodies that already exist are assigned; a role whose body is not there yet
is derived on first use, as before (registrations.roles)."""

import datetime

from django.db import migrations
from django.db.models import Q


def _named(issuer_name):
    """The body under the campaign's issuer name, whether or not documents 0006 already
    renamed a committee "UBND huyện X" to its full name "Ủy ban nhân dân\nhuyện X"."""
    names = {issuer_name}
    if issuer_name.startswith("UBND "):
        place = issuer_name.removeprefix("UBND ")
        names |= {f"Ủy ban nhân dân {place}", f"Ủy ban nhân dân\n{place}"}
    condition = Q(pk__in=[])
    for name in names:
        condition |= Q(name__iexact=name) | Q(full_name__iexact=name)
    return condition


def forwards(apps, schema_editor):
    Campaign = apps.get_model("registrations", "Campaign")
    CampaignRole = apps.get_model("registrations", "CampaignRole")
    IssuingBody = apps.get_model("documents", "IssuingBody")
    for campaign in Campaign.objects.all():
        if CampaignRole.objects.filter(campaign=campaign).exists():
            continue
        authority = IssuingBody.objects.filter(_named(campaign.issuer_name)).first()
        office = IssuingBody.objects.filter(unit_id=campaign.standing_office_id).first()
        bodies = {
            "standing_office": office,
            "council_secretariat": IssuingBody.objects.filter(
                unit_id=campaign.council_secretariat_id
            ).first(),
            "award_authority": authority,
            "report_recipient": (office.parent if office and office.parent_id else authority),
            "council": (
                IssuingBody.objects.filter(parent=authority, abbreviation="HĐTĐKT").first()
                if authority
                else None
            ),
        }
        start = datetime.date(campaign.start_year, 1, 1)
        for kind, body in bodies.items():
            if body is not None:
                CampaignRole.objects.create(
                    campaign=campaign, kind=kind, body=body, valid_from=start
                )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0005_campaign_roles"),
        ("documents", "0004_issuing_body_successor"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
