"""Registration versions frozen before issue 15: their fingerprint covers the action
plan file each one lists (data["action_plan"], a stored name)."""

from django.db import migrations

from core.fingerprint import refresh_versions


def fill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("core", "Version")
    content_type = ContentType.objects.filter(
        app_label="registrations", model="registration"
    ).first()
    if content_type is None:
        return
    refresh_versions(
        Version.objects.filter(content_type=content_type),
        lambda version: [version.data.get("action_plan")],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0008_version_fingerprint_data"),
        ("registrations", "0008_deadline_extension"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
