"""The campaign's single fields (issuer name, standing office, council secretariat) give
way to dated role assignments (issue 9).

Every campaign gets, for each role it has no assignment of, the body the papers derived
from those fields until now — from the campaign's first day, open-ended — so a database
prints the same bodies after the migration as before: the plan's issuer is the body
named like `issuer_name` (created as the papers did when none exists), the offices are
their units' bodies, the council is the issuer's, the reports go to the standing
office's parent. Going back fills the fields from the assignments held first.
"""

import datetime

from django.db import migrations, models
from django.db.models import Q

from documents.letterhead import committee_fields
from documents.services import unit_abbreviation

COMMUNE = "commune"
DISTRICT_AGENCY = "district_agency"


def _named(IssuingBody, issuer_name):
    """The body under the issuer's name: its heading, sentence or parent-line name, in
    the abbreviated ("UBND huyện X") or full ("Ủy ban nhân dân huyện X") form."""
    names = {issuer_name}
    if issuer_name.startswith("UBND "):
        place = issuer_name.removeprefix("UBND ")
        names |= {f"Ủy ban nhân dân {place}", f"Ủy ban nhân dân\n{place}"}
    condition = Q(pk__in=[])
    for name in names:
        flat = name.replace("\n", " ")
        condition |= (
            Q(name__iexact=name)
            | Q(name__iexact=flat)
            | Q(full_name__iexact=flat)
            | Q(parent_line__iexact=flat)
        )
    return IssuingBody.objects.filter(condition).order_by("name", "pk").first()


def _authority(IssuingBody, campaign):
    body = _named(IssuingBody, campaign.issuer_name)
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


def _unit_body(IssuingBody, unit, campaign, authority):
    body = IssuingBody.objects.filter(unit=unit).first()
    if body is not None:
        return body
    fields = committee_fields(unit.name) if unit.tier == COMMUNE else {"name": unit.name}
    return IssuingBody.objects.create(
        code=f"don-vi-{unit.code}"[:60],
        **fields,
        abbreviation=unit_abbreviation(unit),
        parent=authority if unit.tier == DISTRICT_AGENCY else None,
        unit=unit,
        place_name=campaign.locality_name,
        valid_from=unit.valid_from,
        valid_to=unit.valid_to,
    )


def _council(IssuingBody, authority, place_name):
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


def forwards(apps, schema_editor):
    Campaign = apps.get_model("registrations", "Campaign")
    CampaignRole = apps.get_model("registrations", "CampaignRole")
    IssuingBody = apps.get_model("documents", "IssuingBody")
    for campaign in Campaign.objects.select_related("standing_office", "council_secretariat"):
        held = set(CampaignRole.objects.filter(campaign=campaign).values_list("kind", flat=True))
        missing = [kind for kind in KINDS if kind not in held]
        if not missing:
            continue
        start = datetime.date(campaign.start_year, 1, 1)
        for kind in missing:
            body = _derived_body(IssuingBody, campaign, kind)
            CampaignRole.objects.create(campaign=campaign, kind=kind, body=body, valid_from=start)


KINDS = [
    "plan_issuer",
    "standing_office",
    "council",
    "council_secretariat",
    "award_authority",
    "report_recipient",
]


def _derived_body(IssuingBody, campaign, kind):
    """The body the papers derived for `kind` from the campaign's fields."""
    authority = _authority(IssuingBody, campaign)
    if kind == "standing_office":
        return _unit_body(IssuingBody, campaign.standing_office, campaign, authority)
    if kind == "council_secretariat":
        return _unit_body(IssuingBody, campaign.council_secretariat, campaign, authority)
    if kind == "council":
        return _council(IssuingBody, authority, campaign.locality_name)
    if kind == "report_recipient":
        office = _unit_body(IssuingBody, campaign.standing_office, campaign, authority)
        return office.parent or authority
    return authority  # the plan's issuer and the award authority


def backwards(apps, schema_editor):
    Campaign = apps.get_model("registrations", "Campaign")
    CampaignRole = apps.get_model("registrations", "CampaignRole")

    def first(campaign, kind):
        return (
            CampaignRole.objects.filter(campaign=campaign, kind=kind)
            .select_related("body")
            .order_by("valid_from", "pk")
            .first()
        )

    for campaign in Campaign.objects.all():
        issuer = first(campaign, "plan_issuer")
        office = first(campaign, "standing_office")
        secretariat = first(campaign, "council_secretariat")
        campaign.issuer_name = issuer.body.full_name or issuer.body.name if issuer else ""
        campaign.standing_office_id = office.body.unit_id if office else None
        campaign.council_secretariat_id = secretariat.body.unit_id if secretariat else None
        campaign.save(update_fields=["issuer_name", "standing_office", "council_secretariat"])
    CampaignRole.objects.filter(kind="plan_issuer").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0009_version_files"),
        ("documents", "0007_legal_acts"),
        ("units", "0002_organisations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="campaignrole",
            name="kind",
            field=models.CharField(
                choices=[
                    ("plan_issuer", "Cơ quan ban hành kế hoạch"),
                    ("standing_office", "Cơ quan thường trực phong trào"),
                    ("council", "Hội đồng Thi đua – Khen thưởng"),
                    ("council_secretariat", "Cơ quan thường trực Hội đồng TĐKT"),
                    ("award_authority", "Cấp quyết định khen thưởng"),
                    ("report_recipient", "Nơi nhận báo cáo (Kính gửi)"),
                ],
                max_length=30,
                verbose_name="vai trò",
            ),
        ),
        # Nullable while the data moves, so that going back can restore what it finds.
        migrations.AlterField(
            model_name="campaign",
            name="issuer_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="cơ quan ban hành kế hoạch"
            ),
        ),
        migrations.AlterField(
            model_name="campaign",
            name="standing_office",
            field=models.ForeignKey(
                null=True,
                on_delete=models.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="cơ quan thường trực",
            ),
        ),
        migrations.AlterField(
            model_name="campaign",
            name="council_secretariat",
            field=models.ForeignKey(
                null=True,
                on_delete=models.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="cơ quan thường trực Hội đồng TĐKT",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="campaign", name="issuer_name"),
        migrations.RemoveField(model_name="campaign", name="standing_office"),
        migrations.RemoveField(model_name="campaign", name="council_secretariat"),
    ]
