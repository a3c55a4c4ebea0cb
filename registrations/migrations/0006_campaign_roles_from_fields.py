"""Existing campaigns: their single role fields become assignments from the campaign's
start. Only bodies that already exist are assigned; a role whose body is not there yet
is derived on first use, as before (registrations.roles)."""

import datetime

from django.db import migrations
from django.db.models import Q


def forwards(apps, schema_editor):
    Campaign = apps.get_model("registrations", "Campaign")
    CampaignRole = apps.get_model("registrations", "CampaignRole")
    IssuingBody = apps.get_model("documents", "IssuingBody")
    for campaign in Campaign.objects.all():
        if CampaignRole.objects.filter(campaign=campaign).exists():
            continue
        authority = IssuingBody.objects.filter(
            Q(name__iexact=campaign.issuer_name) | Q(full_name__iexact=campaign.issuer_name)
        ).first()
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
