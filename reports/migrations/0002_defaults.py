"""Default data: reminder offsets 7, 2 and 0 days, and the reporting periods of existing
campaigns (cut-off dates of Decree 09/2019/NĐ-CP art. 12). Both stay editable."""

import datetime

from django.db import migrations

OFFSETS = (7, 2, 0)


def forwards(apps, schema_editor):
    ReminderOffset = apps.get_model("reports", "ReminderOffset")
    ReportingPeriod = apps.get_model("reports", "ReportingPeriod")
    Campaign = apps.get_model("registrations", "Campaign")
    for days in OFFSETS:
        ReminderOffset.objects.get_or_create(days_before=days)
    for campaign in Campaign.objects.all():
        for year in range(campaign.start_year, campaign.end_year + 1):
            starts_on = datetime.date(year - 1, 12, 15)
            for kind, ends_on, due_on in (
                ("six_month", datetime.date(year, 6, 14), datetime.date(year, 6, 20)),
                ("annual", datetime.date(year, 12, 14), datetime.date(year, 12, 20)),
            ):
                ReportingPeriod.objects.get_or_create(
                    campaign=campaign,
                    year=year,
                    kind=kind,
                    defaults={"starts_on": starts_on, "ends_on": ends_on, "due_on": due_on},
                )


def backwards(apps, schema_editor):
    apps.get_model("reports", "ReminderOffset").objects.filter(days_before__in=OFFSETS).delete()
    apps.get_model("reports", "ReportingPeriod").objects.filter(
        reports__isnull=True, summaries__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("registrations", "0003_plan_upload_to"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
